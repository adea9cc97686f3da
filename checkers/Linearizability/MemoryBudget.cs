namespace ElectionJepsen.Checkers.Linearizability;

/// <summary>
/// The bytes the searches of one check may hold together (<c>--memory-limit-mb</c>),
/// shared by the keys searched in parallel. Every big allocation of a search (its
/// per-key arrays, its stack, its memo, its sets of indeterminate operations) is reserved
/// here before it is made. What is dropped stays counted as garbage until a collection
/// has surely returned it: when the budget would refuse, a full, compacting collection that
/// gives memory back to the system runs first, and only then is the garbage uncounted. So
/// the budget bounds what the search adds to the process's resident memory, not just what
/// it means to hold.
/// </summary>
public sealed class MemoryBudget(long limitBytes)
{
    private readonly Lock _collecting = new();
    private long _used;
    private long _garbage;
    private long _peak;

    public long LimitBytes { get; } = limitBytes;

    public long UsedBytes => Volatile.Read(ref _used);

    /// <summary>The most ever held at once.</summary>
    public long PeakBytes => Volatile.Read(ref _peak);

    public bool TryReserve(long bytes) => TryAdd(bytes) || (Collect() && TryAdd(bytes));

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);

    /// <summary>Bytes no longer held but not yet surely collected: still counted until a collection.</summary>
    public void Discard(long bytes) => Interlocked.Add(ref _garbage, bytes);

    /// <summary>Collects the garbage counted so far and uncounts it; false when there was none.</summary>
    private bool Collect()
    {
        lock (_collecting)
        {
            var garbage = Volatile.Read(ref _garbage);
            if (garbage == 0) return false;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            Interlocked.Add(ref _garbage, -garbage);
            Interlocked.Add(ref _used, -garbage);
            return true;
        }
    }

    private bool TryAdd(long bytes)
    {
        var now = Interlocked.Add(ref _used, bytes);
        if (now > LimitBytes)
        {
            Interlocked.Add(ref _used, -bytes);
            return false;
        }

        long peak;
        while (now > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
        {
        }

        return true;
    }

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
        if (!Budget.TryReserve(bytes)) return false;
        HeldBytes += bytes;
        return true;
    }

    /// <summary>Gives back memory just dropped: it stays counted until a collection has taken it.</summary>
    public void Discard(long bytes)
    {
        Budget.Discard(bytes);
        HeldBytes -= bytes;
    }

    /// <summary>At the end of the search: everything it held is garbage now.</summary>
    public void DiscardAll() => Discard(HeldBytes);
}
