namespace LeaderService;

/// <summary>
/// Whether this instance believes it leads: the flag an <c>is-leader</c> endpoint answers
/// from. The leader's duties act through <see cref="WhileLeadingAsync"/>, and losing
/// leadership waits for an act in flight, so nothing is sent after the service stopped
/// believing it leads.
/// </summary>
public sealed class Leadership
{
    private readonly SemaphoreSlim _acting = new(1, 1);
    private volatile bool _leader;

    public bool IsLeader => _leader;

    public void Lead() => _leader = true;

    public async Task LoseAsync()
    {
        await _acting.WaitAsync();
        try
        {
            _leader = false;
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
            if (!_leader) return false;
            await act(cancellationToken);
            return true;
        }
        finally
        {
            _acting.Release();
        }
    }
}
