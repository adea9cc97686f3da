namespace ElectionJepsen.Checkers.Linearizability;

/// <summary>
/// The bytes the searches of one check may hold together (<c>--memory-limit-mb</c>),
/// shared by the keys searched in parallel. Every big allocation of a search (its
/// per-key arrays, its stack, its memo, its sets of indeterminate operations) is reserved
/// here before it is made. What is dropped stays counted as garbage until a collection
/// has surely returned it: when uncounting the garbage would let a refused reservation
/// fit, a full, compacting collection that gives memory back to the system runs, and only
/// then is the garbage uncounted. So the budget bounds what the search adds to the
/// process's resident memory, not just what it means to hold.
/// Half the budget is shared out as floors, one for each key searched at once: a key
/// holding less than its floor is always granted up to it (after a collection if need
/// be), whatever the others hold; only the other half goes to whoever asks first.
/// </summary>
public sealed class MemoryBudget
{
    private readonly Lock _lock = new();
    private long _used;
    private long _garbage;
    private long _floorsFree;

    /// <param name="limitBytes">All the searches may hold together.</param>
    /// <param name="keysAtOnce">How many keys are searched at once, each with its floor.</param>
    public MemoryBudget(long limitBytes, int keysAtOnce = 1)
    {
        LimitBytes = limitBytes;
        Floor = limitBytes / (2L * Math.Max(1, keysAtOnce));
        _floorsFree = Floor * Math.Max(1, keysAtOnce);
    }

    public long LimitBytes { get; }

    /// <summary>What a key searched is always granted, if it holds no more.</summary>
    public long Floor { get; }

    /// <summary>Held and not yet surely collected.</summary>
    public long UsedBytes
    {
        get
        {
            lock (_lock) return _used;
        }
    }

    /// <summary>Reserves <paramref name="bytes"/> for a key that holds <paramref name="held"/>; false when they do not fit even after a collection.</summary>
    internal bool TryReserve(long held, long bytes)
    {
        var fromFloor = Math.Clamp(Floor - held, 0, bytes);
        lock (_lock)
        {
            if (!Fits(bytes, fromFloor, _used))
            {
                // Collect only when uncounting the garbage lets this reservation fit.
                if (_garbage == 0 || !Fits(bytes, fromFloor, _used - _garbage)) return false;
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                _used -= _garbage;
                _garbage = 0;
            }

            _used += bytes;
            _floorsFree -= fromFloor;
            return true;
        }
    }

    /// <summary>Bytes a key holding <paramref name="held"/> no longer holds: still counted until a collection has taken them.</summary>
    internal void Discard(long held, long bytes)
    {
        var floorBefore = Math.Max(0, Floor - held);
        var floorAfter = Math.Max(0, Floor - (held - bytes));
        lock (_lock)
        {
            _garbage += bytes;
            _floorsFree += floorAfter - floorBefore;
        }
    }

    /// <summary>What a reservation leaves held, with every key's unused floor kept for it, is within the limit.</summary>
    private bool Fits(long bytes, long fromFloor, long used) => used + bytes + (_floorsFree - fromFloor) <= LimitBytes;

    /// <summary>"256 MiB", for a reason given to the user.</summary>
    public static string Format(long bytes) => $"{bytes / (double)(1 << 20):0.#} MiB";
}

/// <summary>What one key's search holds of the shared budget, all given back when it ends.</summary>
internal sealed class SearchMemory(MemoryBudget budget)
{
    public MemoryBudget Budget { get; } = budget;

    public long HeldBytes { get; private set; }

    public bool TryReserve(long bytes)
    {
        if (!Budget.TryReserve(HeldBytes, bytes)) return false;
        HeldBytes += bytes;
        return true;
    }

    /// <summary>Gives back memory just dropped: it stays counted until a collection has taken it.</summary>
    public void Discard(long bytes)
    {
        Budget.Discard(HeldBytes, bytes);
        HeldBytes -= bytes;
    }

    /// <summary>At the end of the search: everything it held is garbage now.</summary>
    public void DiscardAll() => Discard(HeldBytes);
}
