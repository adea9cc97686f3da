using System.Runtime.CompilerServices;
using System.Text;

namespace ElectionJepsen.Checkers.History;

/// <summary>
/// Interns the few distinct strings of a history (process names, functions, keys, errors,
/// register values) straight from their UTF-8 bytes, so that reading a line neither
/// decodes nor allocates a string it has seen before. Past <see cref="MaxEntries"/> it
/// stops remembering new strings, and it never remembers one longer than
/// <see cref="MaxLength"/> bytes. Not thread-safe: one per reading thread.
/// </summary>
internal sealed class StringPool
{
    private const int MaxEntries = 65_536;

    /// <summary>Longer strings are rarely repeated: they are decoded, not remembered.</summary>
    private const int MaxLength = 1024;

    private Entry[] _table = new Entry[256];
    private int _count;

    private readonly record struct Entry(ulong Hash, byte[] Bytes, string Value);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return string.Empty;
        if (utf8.Length > MaxLength) return Encoding.UTF8.GetString(utf8);
        var hasher = default(HashCode);
        hasher.AddBytes(utf8);
        var hash = (ulong)(uint)hasher.ToHashCode();
        var mask = _table.Length - 1;
        var i = (int)(hash & (ulong)mask);
        while (_table[i].Bytes is { } bytes)
        {
            if (_table[i].Hash == hash && utf8.SequenceEqual(bytes)) return _table[i].Value;
            i = (i + 1) & mask;
        }

        var value = Encoding.UTF8.GetString(utf8);
        if (_count >= MaxEntries) return value;
        _table[i] = new Entry(hash, utf8.ToArray(), value);
        if (++_count * 2 > _table.Length) Grow();
        return value;
    }

    public string Get(ReadOnlySpan<char> chars)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(chars)];
        Encoding.UTF8.GetBytes(chars, bytes);
        return Get(bytes);
    }

    private void Grow()
    {
        var old = _table;
        _table = new Entry[old.Length * 2];
        var mask = _table.Length - 1;
        foreach (var e in old)
        {
            if (e.Bytes is null) continue;
            var i = (int)(e.Hash & (ulong)mask);
            while (_table[i].Bytes is not null) i = (i + 1) & mask;
            _table[i] = e;
        }
    }
}
