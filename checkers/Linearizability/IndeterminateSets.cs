namespace ElectionJepsen.Checkers.Linearizability;

/// <summary>
/// Sets of indeterminate operations (by their ordinal among them), each named by an id
/// that is the same for equal sets however they were built: a binary trie with 64-bit
/// leaves in which every node is unique (hash-consed), so two sets are equal exactly when
/// their ids are, and a memo key holds one int for them instead of a copy. Adding an
/// operation copies one path of the trie, log2(n / 64) nodes; no node is freed before the
/// search ends (the arrays given up when they double are). Id 0 is the empty set, at every level.
/// </summary>
internal sealed class IndeterminateSets
{
    private const int BytesPerSlot = sizeof(ulong) + sizeof(byte) + (2 * sizeof(int));

    private readonly int _depth;
    private readonly Func<long, bool> _reserve;
    private readonly Action<long> _discard;
    private ulong[] _keys = new ulong[16];
    private byte[] _levels = new byte[16];
    private int[] _table = new int[32];
    private int _count = 1;

    /// <param name="size">How many indeterminate operations there are.</param>
    /// <param name="reserve">Reserves memory for growth; false when the budget refuses it.</param>
    /// <param name="discard">Gives back the memory of arrays outgrown.</param>
    public IndeterminateSets(int size, Func<long, bool> reserve, Action<long> discard)
    {
        while ((64L << _depth) < size) _depth++;
        _reserve = reserve;
        _discard = discard;
    }

    public const int Empty = 0;

    /// <summary>What the first arrays hold, reserved by the caller with the search's own arrays.</summary>
    public static long InitialBytes => 16 * BytesPerSlot;

    /// <summary>The id of <paramref name="set"/> with <paramref name="ordinal"/> added; -1 when the budget refuses the memory.</summary>
    public int With(int set, int ordinal) => Add(set, _depth, ordinal);

    private int Add(int node, int level, int ordinal)
    {
        if (level == 0) return Intern(0, _keys[node] | (1UL << (ordinal & 63)));
        var left = (int)(_keys[node] >> 32);
        var right = (int)(uint)_keys[node];
        if (((ordinal >> (5 + level)) & 1) == 0) left = Add(left, level - 1, ordinal);
        else right = Add(right, level - 1, ordinal);
        return left < 0 || right < 0 ? -1 : Intern(level, ((ulong)(uint)left << 32) | (uint)right);
    }

    private int Intern(int level, ulong key)
    {
        var mask = _table.Length - 1;
        var b = Bucket(level, key, mask);
        for (; _table[b] != 0; b = (b + 1) & mask)
        {
            var id = _table[b];
            if (_keys[id] == key && _levels[id] == level) return id;
        }

        if (!Grow()) return -1;
        if (_table.Length - 1 != mask)
        {
            mask = _table.Length - 1;
            for (b = Bucket(level, key, mask); _table[b] != 0; b = (b + 1) & mask)
            {
            }
        }

        var created = _count++;
        _keys[created] = key;
        _levels[created] = (byte)level;
        _table[b] = created;
        return created;
    }

    /// <summary>Room for one more node: arrays doubled (reserved first, the old ones given back) when full, the table kept at most half full.</summary>
    private bool Grow()
    {
        if (_count < _keys.Length) return true;
        var size = _keys.Length * 2L;
        if (size > int.MaxValue / 2 || !_reserve(size * BytesPerSlot)) return false;
        Array.Resize(ref _keys, (int)size);
        Array.Resize(ref _levels, (int)size);
        _table = new int[size * 2];
        var mask = _table.Length - 1;
        for (var id = 1; id < _count; id++)
        {
            var b = Bucket(_levels[id], _keys[id], mask);
            while (_table[b] != 0) b = (b + 1) & mask;
            _table[b] = id;
        }

        _discard(size / 2 * BytesPerSlot);
        return true;
    }

    private static int Bucket(int level, ulong key, int mask)
    {
        var z = (key + ((ulong)level * 0x9E3779B97F4A7C15UL)) * 0xBF58476D1CE4E5B9UL;
        return (int)((z ^ (z >> 31)) & (ulong)mask);
    }
}
