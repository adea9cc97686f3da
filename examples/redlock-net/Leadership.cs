using RedLockNet;

namespace LeaderService;

/// <summary>
/// Whether this instance leads: it holds a lock and RedLock.net says <c>IsAcquired</c>,
/// read afresh at every question, so the answer changes the moment the library's
/// extension timer marks the lock lost. The leader's duties act through
/// <see cref="WhileLeadingAsync"/>, and letting go of the lock waits for an act in flight,
/// so nothing is sent once the service stopped leading.
/// </summary>
public sealed class Leadership
{
    private readonly SemaphoreSlim _acting = new(1, 1);
    private volatile IRedLock? _lock;

    public bool IsLeader => _lock?.IsAcquired == true;

    /// <summary>Leads with <paramref name="redLock"/>, once the grant is on record (<paramref name="report"/>): no act goes out before it.</summary>
    public async Task LeadAsync(IRedLock redLock, Func<Task> report)
    {
        await _acting.WaitAsync();
        try
        {
            await report();
            _lock = redLock;
        }
        finally
        {
            _acting.Release();
        }
    }

    /// <summary>Stops leading once no act is in flight.</summary>
    public async Task LetGoAsync()
    {
        await _acting.WaitAsync();
        try
        {
            _lock = null;
        }
        finally
        {
            _acting.Release();
        }
    }

    /// <summary>Runs <paramref name="act"/> if this instance leads; false when it does not.</summary>
    public async Task<bool> WhileLeadingAsync(Func<CancellationToken, Task> act, CancellationToken cancellationToken)
    {
        await _acting.WaitAsync(cancellationToken);
        try
        {
            if (!IsLeader) return false;
            await act(cancellationToken);
            return true;
        }
        finally
        {
            _acting.Release();
        }
    }
}
