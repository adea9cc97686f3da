using System.Text.Json;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Reports.Text;

namespace ElectionJepsen.Harness.Candidates;

/// <summary>The fields of one manifest, each read with what it allows, so that a mistake names the field and its rule.</summary>
internal sealed class ManifestFields(string shown, IReadOnlyDictionary<string, JsonElement> members)
{
    public const int MaxName = 100;
    public const long MaxStartTimeoutMs = 24L * 60 * 60 * 1000;

    public static readonly (string Key, string Allowed) RunField = ("run", "an array of strings, the program and its arguments");
    public static readonly (string Key, string Allowed) BuildField = ("build", "an array of strings, the build's program and its arguments");
    private static readonly (string Key, string Allowed) NameField = ("name", $"a string of 1 to {MaxName} characters, without control characters");
    private static readonly (string Key, string Allowed) BackendsField = ("backends", "an array of the backends it can campaign on: " + string.Join(", ", CandidateManifest.KnownBackends));
    private static readonly (string Key, string Allowed) PackagesField = ("packages", "an array of Debian package names");
    private static readonly (string Key, string Allowed) StatusPathField = ("status_path", "a path starting with \"/\", without spaces or control characters");
    private static readonly (string Key, string Allowed) StartTimeoutField = ("start_timeout_ms", $"a whole number of milliseconds from 1 to {MaxStartTimeoutMs}");

    public string Name()
    {
        var name = Text(NameField, required: true)!;
        return name.Length is > 0 and <= MaxName && TerminalText.Escape(name) == name ? name : throw Wrong(NameField, Quoted(name));
    }

    public IReadOnlyList<string> Backends()
    {
        var backends = Strings(BackendsField, required: true)!;
        if (backends.Count == 0) throw Wrong(BackendsField, "an empty array");
        var unknown = backends.FirstOrDefault(b => !CandidateManifest.KnownBackends.Contains(b, StringComparer.Ordinal));
        if (unknown is not null) throw Error(BackendsField.Key, $"names an unknown backend \"{unknown}\"; known: {string.Join(", ", CandidateManifest.KnownBackends)}");
        return [.. backends.Distinct(StringComparer.Ordinal)];
    }

    public IReadOnlyList<string>? Command((string Key, string Allowed) field, bool required)
    {
        var command = Strings(field, required);
        if (command is null) return null;
        if (command.Count == 0) throw Wrong(field, "an empty array");
        if (command[0].Length == 0) throw Error(field.Key, "names no program: its first string is empty");
        var bad = command.FirstOrDefault(a => a.Contains('\0', StringComparison.Ordinal));
        return bad is null ? command : throw Error(field.Key, "holds a string with a NUL character, which no program can be given");
    }

    public IReadOnlyList<string> Packages()
    {
        var packages = Strings(PackagesField, required: false) ?? [];
        var bad = packages.FirstOrDefault(p => !DebianPackage.IsValidName(p));
        if (bad is not null) throw Error(PackagesField.Key, $"names \"{bad}\", not a Debian package name ({DebianPackage.NameRule})");
        return [.. packages.Distinct(StringComparer.Ordinal)];
    }

    public string? StatusPath()
    {
        var path = Text(StatusPathField, required: false);
        return path is null || (path.StartsWith('/') && path.Length <= 1000 && !path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            ? path
            : throw Wrong(StatusPathField, Quoted(path));
    }

    public TimeSpan? StartTimeout()
    {
        if (!members.TryGetValue(StartTimeoutField.Key, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ms) && ms is > 0 and <= MaxStartTimeoutMs
            ? TimeSpan.FromMilliseconds(ms)
            : throw Wrong(StartTimeoutField, value.ValueKind == JsonValueKind.Number ? value.GetRawText() : Kind(value));
    }

    /// <summary>How a JSON value is named in a message: its kind, never its whole text.</summary>
    public static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => value.GetArrayLength() == 0 ? "an empty array" : "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => "null",
    };

    private string? Text((string Key, string Allowed) field, bool required)
    {
        if (!Present(field, required, out var value)) return null;
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Wrong(field, Kind(value));
    }

    private List<string>? Strings((string Key, string Allowed) field, bool required)
    {
        if (!Present(field, required, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Array) throw Wrong(field, Kind(value));
        var strings = new List<string>();
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) throw Error(field.Key, $"must be {field.Allowed}: item {strings.Count + 1} is {Kind(item)}");
            strings.Add(item.GetString()!);
        }

        return strings;
    }

    /// <summary>True when the field is given (null counts as absent); a missing required field is an error.</summary>
    private bool Present((string Key, string Allowed) field, bool required, out JsonElement value)
    {
        if (members.TryGetValue(field.Key, out value) && value.ValueKind != JsonValueKind.Null) return true;
        return required ? throw Error(field.Key, $"is required: {field.Allowed}") : false;
    }

    private UsageException Wrong((string Key, string Allowed) field, string was) => Error(field.Key, $"must be {field.Allowed}, not {was}");

    private UsageException Error(string key, string problem) => new($"{CandidateManifest.FileName} in {shown}: \"{key}\" {problem}");

    private static string Quoted(string text) => text.Length <= 120 ? $"\"{text}\"" : $"\"{text[..117]}...\"";
}
