namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>
/// The Debian mirror this machine's apt uses for a suite, from its sources in either format:
/// deb822 (<c>/etc/apt/sources.list.d/debian.sources</c>, <c>URIs:</c> and <c>Suites:</c>) or
/// one-line (<c>/etc/apt/sources.list</c>, <c>deb [options] URI suite components</c>).
/// Where neither names the suite (another release, another distribution), Debian's own.
/// </summary>
public static class AptMirror
{
    public const string Debian = "http://deb.debian.org/debian";

    public static string Find(string suite, string root = "/")
    {
        var deb822 = Path.Combine(root, "etc/apt/sources.list.d/debian.sources");
        var list = Path.Combine(root, "etc/apt/sources.list");
        return (File.Exists(deb822) ? FromDeb822(File.ReadAllText(deb822), suite) : null)
            ?? (File.Exists(list) ? FromList(File.ReadAllText(list), suite) : null)
            ?? Debian;
    }

    /// <summary>The first URI of the first enabled <c>deb</c> stanza whose suites include <paramref name="suite"/>.</summary>
    public static string? FromDeb822(string text, string suite)
    {
        var stanzas = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        foreach (var stanza in stanzas)
        {
            var fields = stanza.Split('\n')
                .Where(l => !l.TrimStart().StartsWith('#') && l.Contains(':', StringComparison.Ordinal) && !char.IsWhiteSpace(l[0]))
                .Select(l => (Name: l[..l.IndexOf(':', StringComparison.Ordinal)].Trim(), Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim()))
                .GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.OrdinalIgnoreCase);
            string Field(string name) => fields.TryGetValue(name, out var v) ? v : string.Empty;
            if (Field("Enabled").Equals("no", StringComparison.OrdinalIgnoreCase)) continue;
            if (!Words(Field("Types")).Contains("deb") || !Words(Field("Suites")).Contains(suite)) continue;
            var uri = Words(Field("URIs")).FirstOrDefault(IsMirror);
            if (uri is not null) return uri.TrimEnd('/');
        }

        return null;
    }

    /// <summary>The URI of the first <c>deb</c> line whose suite is <paramref name="suite"/>.</summary>
    public static string? FromList(string text, string suite)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            if (!line.StartsWith("deb ", StringComparison.Ordinal) && !line.StartsWith("deb\t", StringComparison.Ordinal)) continue;
            var rest = line[3..].Trim();
            if (rest.StartsWith('['))
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                if (close < 0) continue;
                rest = rest[(close + 1)..];
            }

            var words = Words(rest);
            if (words.Length >= 2 && words[1] == suite && IsMirror(words[0])) return words[0].TrimEnd('/');
        }

        return null;
    }

    private static string[] Words(string text) => text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);

    private static bool IsMirror(string uri) =>
        uri.StartsWith("http://", StringComparison.Ordinal) || uri.StartsWith("https://", StringComparison.Ordinal);
}
