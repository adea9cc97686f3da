using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;

namespace ElectionJepsen.Workloads.Recipes.Kubernetes;

/// <summary>How the elector is timed: the lease, the renew deadline and the retry period.</summary>
public sealed record ElectorTiming(TimeSpan LeaseDuration, TimeSpan RenewDeadline, TimeSpan RetryPeriod)
{
    /// <summary>
    /// A lease of <paramref name="lease"/>; the renew deadline and retry period given, or else
    /// in the proportions of client-go's defaults (15 s, 10 s and 2 s).
    /// </summary>
    public static ElectorTiming For(TimeSpan lease, TimeSpan? renewDeadline = null, TimeSpan? retryPeriod = null) =>
        new(lease, renewDeadline ?? lease * 10 / 15, retryPeriod ?? lease * 2 / 15);

    /// <summary>What is wrong with these times, as client-go checks them (lease > renew deadline > 1.2 × retry period), or null.</summary>
    public string? Problem =>
        LeaseDuration > RenewDeadline && RenewDeadline > RetryPeriod * 1.2 ? null
        : $"the elector needs the lease ({LeaseDuration.TotalMilliseconds:0} ms) > the renew deadline ({RenewDeadline.TotalMilliseconds:0} ms) > 1.2 x the retry period ({RetryPeriod.TotalMilliseconds:0} ms), as client-go requires";
}

/// <summary>
/// KubernetesClient's <see cref="LeaderElector"/> with a <see cref="LeaseLock"/>, exactly as
/// an application would use it, running by itself from the first campaign on. The elector
/// does not say which write won; a wrapper round the lock notes the leaseTransitions of every
/// write of ours that succeeded, and the token is that number plus one (the first holder's
/// write has 0, and tokens start at 1). Releasing stops the elector: this version has no
/// release-on-cancel, so the lease runs out by itself, as it would for the application.
/// </summary>
public sealed class KubernetesRecipe : IRecipe
{
    private readonly LeadershipSignal _signal = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly LeaderElector _elector;
    private readonly ElectorTiming _timing;
    private readonly IKubernetes _client;
    private Task _running = Task.CompletedTask;
    private long _token;

    public KubernetesRecipe(IKubernetes client, string ns, string lease, string identity, ElectorTiming timing)
    {
        _client = client;
        _timing = timing;
        var noted = new TransitionsLock(new LeaseLock(client, ns, lease, identity));
        _elector = new LeaderElector(new LeaderElectionConfig(noted)
        {
            LeaseDuration = timing.LeaseDuration,
            RenewDeadline = timing.RenewDeadline,
            RetryPeriod = timing.RetryPeriod,
        });
        _elector.OnStartedLeading += () => _signal.Gain(noted.Won + 1);
        _elector.OnStoppedLeading += () => _signal.Lose("the elector stopped leading: no renewal within the renew deadline");
    }

    public TimeSpan RenewInterval => _timing.RetryPeriod;

    public async Task<Grant?> AcquireAsync(CancellationToken cancel)
    {
        if (_running.IsCompleted) _running = _elector.RunAndTryToHoldLeadershipForeverAsync(_stop.Token);
        var (token, lost) = await _signal.ElectedAsync(cancel);
        _token = token;
        return new Grant(token, _timing.RenewDeadline, lost);
    }

    /// <summary>The elector renews by itself: whether it still says it leads, with the same token.</summary>
    public Task<TimeSpan?> RenewAsync(CancellationToken cancel)
    {
        if (_elector.IsLeader() && _signal.Current is (true, var token) && token == _token) return Task.FromResult<TimeSpan?>(_timing.RenewDeadline);

        // The elector has seen another holder before it said it stopped: the next grant must
        // wait for it to start leading again.
        _signal.Lose("the elector no longer names this candidate as the holder");
        return Task.FromResult<TimeSpan?>(null);
    }

    public async Task<bool> ReleaseAsync(CancellationToken cancel)
    {
        var leading = _elector.IsLeader();
        await StopAsync();
        _signal.Lose("released");
        return leading;
    }

    public TimeSpan RetryDelay(Random random) => TimeSpan.Zero;

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _elector.Dispose();
        _client.Dispose();
        _stop.Dispose();
    }

    private async Task StopAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>The lease lock, noting the leaseTransitions of each of our writes that succeeded.</summary>
    private sealed class TransitionsLock(ILock inner) : ILock
    {
        private long _won;

        public long Won => Interlocked.Read(ref _won);

        public string Identity => inner.Identity;

        public Task<LeaderElectionRecord> GetAsync(CancellationToken cancellationToken = default) => inner.GetAsync(cancellationToken);

        public async Task<bool> CreateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) =>
            Note(record, await inner.CreateAsync(record, cancellationToken));

        public async Task<bool> UpdateAsync(LeaderElectionRecord record, CancellationToken cancellationToken = default) =>
            Note(record, await inner.UpdateAsync(record, cancellationToken));

        public string Describe() => inner.Describe();

        private bool Note(LeaderElectionRecord record, bool written)
        {
            if (written && record.HolderIdentity == Identity) Interlocked.Exchange(ref _won, record.LeaderTransitions);
            return written;
        }
    }
}
