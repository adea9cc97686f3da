namespace ElectionJepsen.Workloads.Recipes;

/// <summary>
/// A grant: its fencing token, how long it stays valid from the moment it was asked for, and,
/// for recipes that learn of a loss as it happens (a ZooKeeper session disconnected), a task
/// that completes with why leadership was lost.
/// </summary>
public readonly record struct Grant(long Token, TimeSpan Validity, Task<string>? Lost = null);

/// <summary>
/// How a candidate campaigns on one backend. Every call has a timeout: an answer that does
/// not come in time throws (<see cref="TimeoutException"/> or the client's own), which the
/// candidate treats as indeterminate; a certain "no" is a null result.
/// </summary>
public interface IRecipe : IAsyncDisposable
{
    /// <summary>One attempt to become leader: the grant, or null when refused.</summary>
    Task<Grant?> AcquireAsync(CancellationToken cancel);

    /// <summary>Keeps the lease: how long it now stays valid from the moment of asking, or null when certainly lost.</summary>
    Task<TimeSpan?> RenewAsync(CancellationToken cancel);

    /// <summary>Gives leadership up: true when released, false when it was no longer ours.</summary>
    Task<bool> ReleaseAsync(CancellationToken cancel);

    /// <summary>How often to renew while leading.</summary>
    TimeSpan RenewInterval { get; }

    /// <summary>How long to wait after a refused or failed attempt before the next.</summary>
    TimeSpan RetryDelay(Random random);
}
