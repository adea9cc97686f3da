using System.Text;

namespace ElectionJepsen.Checkers.History;

/// <summary>
/// Interns the few distinct strings of a history (process names, functions, keys, errors,
/// register values) straight from UTF-8, so that reading a line allocates no string
/// it has seen before. Past <see cref="MaxEntries"/> it stops remembering new strings.
/// </summary>
internal sealed class StringPool
{
    private const int MaxEntries = 65_536;
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return string.Empty;
        char[]? rented = null;
        var chars = utf8.Length <= 512 ? stackalloc char[utf8.Length] : (rented = new char[utf8.Length]);
        var n = Encoding.UTF8.GetChars(utf8, chars);
        return Get(chars[..n]);
    }

    public string Get(ReadOnlySpan<char> chars)
    {
        if (_lookup.TryGetValue(chars, out var s)) return s;
        s = new string(chars);
        if (_strings.Count < MaxEntries) _strings[s] = s;
        return s;
    }
}
