namespace ElectionJepsen.Checkers.Linearizability;

/// <summary>What <see cref="Memo{TState}.Add"/> found.</summary>
internal enum MemoAdd : byte
{
    Added,
    Seen,
    OutOfMemory,
}

/// <summary>
/// The search's memory of (linearized set, model state) pairs already explored. A set is
/// stored exactly, in a size that does not grow with the history: the highest linearized
/// determinate operation H, the determinate operations before H not yet linearized (the
/// holes: each was still open when H was called, so there are fewer than the processes),
/// and the id of the set of indeterminate operations linearized (<see cref="IndeterminateSets"/>,
/// equal ids for equal sets). A hit compares all of it, so a hash collision only costs a
/// comparison. Entries live in flat arrays (no object per entry), grown by doubling with
/// each growth reserved from the budget first. When the budget refuses, the older
/// generation is forgotten (repeated work, never a wrong answer); when there is nothing
/// left to forget, the search is out of memory.
/// </summary>
internal sealed partial class Memo<TState>(SearchMemory memory)
    where TState : struct, IEquatable<TState>
{
    /// <summary>A generation smaller than this is not worth keeping the search alive for.</summary>
    private const int MinEntries = 1024;

    private Generation _young = new(memory);
    private Generation _old = new(memory);

    public long Count => _young.Count + _old.Count;

    public MemoAdd Add(ulong hash, int high, ReadOnlySpan<int> holes, int indeterminate, in TState state)
    {
        if (_young.Contains(hash, high, holes, indeterminate, state) || _old.Contains(hash, high, holes, indeterminate, state)) return MemoAdd.Seen;
        while (!_young.TryInsert(hash, high, holes, indeterminate, state))
        {
            if (!Forget()) return MemoAdd.OutOfMemory;
        }

        return MemoAdd.Added;
    }

    /// <summary>Gives back memory: drops the older generation, or makes the young one old; false when there is too little to forget.</summary>
    public bool Forget()
    {
        if (_old.Count > 0)
        {
            _old.Drop();
            _old = new Generation(memory);
            return true;
        }

        if (_young.Count < MinEntries) return false;
        (_old, _young) = (_young, _old);
        return true;
    }

    /// <summary>Gives back all it holds.</summary>
    public void Clear()
    {
        _young.Drop();
        _old.Drop();
    }
}
