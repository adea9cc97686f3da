namespace ElectionJepsen.Workloads.Recipes;

/// <summary>
/// How a candidate campaigns on one backend. Every call has a timeout: an answer that does
/// not come in time throws (<see cref="TimeoutException"/> or the client's own), which the
/// candidate treats as indeterminate; a certain "no" is a false or null result.
/// </summary>
public interface IRecipe : IAsyncDisposable
{
    /// <summary>One attempt to become leader: the token of the grant, or null when refused.</summary>
    Task<long?> AcquireAsync(CancellationToken cancel);

    /// <summary>Keeps the lease: true when renewed, false when certainly lost.</summary>
    Task<bool> RenewAsync(CancellationToken cancel);

    /// <summary>Gives leadership up: true when released, false when it was no longer ours.</summary>
    Task<bool> ReleaseAsync(CancellationToken cancel);

    /// <summary>How long a grant lasts from the moment it was asked for (the local deadline starts then).</summary>
    TimeSpan LeaseTime { get; }

    /// <summary>How often to renew while leading.</summary>
    TimeSpan RenewInterval { get; }

    /// <summary>How long to wait after a refused or failed attempt before the next.</summary>
    TimeSpan RetryDelay(Random random);
}
