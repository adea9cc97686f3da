namespace ElectionJepsen.Checkers.Linearizability;

/// <summary>
/// The bytes the searches of one check may hold together (<c>--memory-limit-mb</c>),
/// shared by the keys searched in parallel. Every big allocation of a search (its
/// per-key arrays, its stack, its memo, its sets of indeterminate operations) is reserved
/// here before it is made and released when it is dropped, so the budget bounds what the
/// search adds to the process, within the garbage collector's slack.
/// </summary>
public sealed class MemoryBudget(long limitBytes)
{
    private long _used;
    private long _peak;

    public long LimitBytes { get; } = limitBytes;

    public long UsedBytes => Volatile.Read(ref _used);

    /// <summary>The most ever held at once.</summary>
    public long PeakBytes => Volatile.Read(ref _peak);

    public bool TryReserve(long bytes)
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

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);

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

    public void Release(long bytes)
    {
        Budget.Release(bytes);
        HeldBytes -= bytes;
    }

    public void ReleaseAll() => Release(HeldBytes);
}
