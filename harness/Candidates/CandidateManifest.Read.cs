using System.Text.Json;
using System.Text.Unicode;
using ElectionJepsen.Harness.Cli;

namespace ElectionJepsen.Harness.Candidates;

public sealed partial record CandidateManifest
{
    /// <summary>The largest manifest read; a larger file is refused before it is parsed.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>Reads and validates <c>candidate.json</c> in <paramref name="directory"/>: a usage error (exit 64) for any mistake.</summary>
    public static CandidateManifest Read(string directory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        var shown = ShownPath(full);
        if (!System.IO.Directory.Exists(full)) throw new UsageException($"candidate folder {shown} does not exist");
        var file = Path.Combine(full, FileName);
        if (!File.Exists(file)) throw new UsageException($"candidate folder {shown} has no {FileName}");

        using var document = Parse(file, shown);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new UsageException($"{FileName} in {shown}: must be a JSON object ({{\"name\": ..., \"backends\": [...], \"run\": [...]}}), not {ManifestFields.Kind(root)}");
        }

        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var member in root.EnumerateObject())
        {
            if (!members.TryAdd(member.Name, member.Value)) throw new UsageException($"{FileName} in {shown}: \"{member.Name}\" is given twice");
        }

        var fields = new ManifestFields(shown, members);
        return new CandidateManifest(
            full,
            fields.Name(),
            fields.Backends(),
            fields.Command(ManifestFields.RunField, required: true)!,
            fields.Command(ManifestFields.BuildField, required: false),
            fields.Packages(),
            fields.StatusPath() ?? DefaultStatusPath,
            fields.StartTimeout() ?? DefaultStartTimeout);
    }

    /// <summary>
    /// The folders directly under <paramref name="parent"/> that hold a <c>candidate.json</c>, in
    /// the ordinal order of their paths: the samples <c>--candidate all</c> runs and <c>list
    /// samples</c> lists. Whether each manifest reads is for the caller to find out.
    /// </summary>
    public static IReadOnlyList<string> FoldersIn(string parent) =>
        [.. System.IO.Directory.GetDirectories(parent).Order(StringComparer.Ordinal).Where(d => File.Exists(Path.Combine(d, FileName)))];

    private static JsonDocument Parse(string file, string shown)
    {
        byte[] bytes;
        int length;
        try
        {
            // Read up to one byte past the limit, whatever the file claims: it may be a link to a device.
            using var stream = File.OpenRead(file);
            if (stream.CanSeek && stream.Length > MaxBytes) throw TooLarge(shown);
            bytes = new byte[MaxBytes + 1];
            length = 0;
            for (int n; length < bytes.Length && (n = stream.Read(bytes, length, bytes.Length - length)) > 0;) length += n;
            if (length > MaxBytes) throw TooLarge(shown);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{FileName} in {shown}: cannot be read: {e.Message}");
        }

        var text = bytes.AsMemory(0, length);
        if (text.Span.StartsWith("\uFEFF"u8)) text = text[3..];
        if (!Utf8.IsValid(text.Span)) throw new UsageException($"{FileName} in {shown}: not UTF-8 text");
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException e)
        {
            var message = e.Message;
            var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (at >= 0) message = message[..at];
            throw new UsageException($"{FileName} in {shown}: not JSON: line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {message}");
        }
    }

    private static UsageException TooLarge(string shown) => new($"{FileName} in {shown}: larger than 1 MiB ({MaxBytes} bytes), the most a manifest may hold");
}
