using System.Globalization;
using ElectionJepsen.Workloads.ZooKeeper;

namespace ElectionJepsen.Workloads.Recipes.ZooKeeper;

/// <summary>
/// ZooKeeper's leader election recipe, as its documentation and Curator's LeaderLatch have it:
/// each candidate creates an ephemeral sequential znode <c>/election/GUID-n_</c>; the lowest
/// leads; every other candidate watches only its predecessor and looks again when it goes.
/// After a connection loss during the create, the znode is found by its GUID (Curator's
/// protected mode). Before leading, the znode's ephemeralOwner must be this session.
/// Leadership ends as soon as the session is disconnected (Curator's SUSPENDED) or expired,
/// or the znode is deleted. Token = the znode's czxid. Session timeout = the TTL.
/// </summary>
public sealed class ZooKeeperRecipe(Func<CancellationToken, Task<ZooKeeperSession>> connect, string node, TimeSpan timeout) : IRecipe
{
    private const string Election = "/election";
    private ZooKeeperSession? _session;
    private string? _ours;
    private bool _parentKnown;

    public TimeSpan RenewInterval => (_session?.NegotiatedTimeout ?? timeout) / 3;

    public async Task<Grant?> AcquireAsync(CancellationToken cancel)
    {
        var asked = DateTime.UtcNow;
        var session = await SessionAsync(cancel);
        await ParentAsync(session, cancel);
        _ours ??= await CreateAsync(session, cancel);
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            var children = await ContendersAsync(session, cancel);
            var mine = children.FindIndex(c => $"{Election}/{c}" == _ours);
            if (mine < 0)
            {
                // Our znode is gone (deleted, or its session expired and this is a new one).
                _ours = await CreateAsync(session, cancel);
                continue;
            }

            if (mine == 0)
            {
                if (await LeadAsync(session, asked, cancel) is { } grant) return grant;
                _ours = await CreateAsync(session, cancel);
                continue;
            }

            await WaitForAsync(session, $"{Election}/{children[mine - 1]}", cancel);
        }
    }

    /// <summary>A local check, as LeaderLatch's: still connected and still ours; the grant's <see cref="Grant.Lost"/> says the rest as it happens.</summary>
    public Task<TimeSpan?> RenewAsync(CancellationToken cancel) =>
        Task.FromResult(_session is { State: KeeperState.SyncConnected } s && _ours is not null ? Remaining(s, DateTime.UtcNow) : (TimeSpan?)null);

    public async Task<bool> ReleaseAsync(CancellationToken cancel)
    {
        var (session, ours) = (_session, _ours);
        _ours = null;
        if (session is null || ours is null) return false;
        try
        {
            await session.DeleteAsync(ours, cancel: cancel);
            return true;
        }
        catch (ZooKeeperException e) when (e.Code == ZooKeeperError.NoNode)
        {
            return false;
        }
    }

    public TimeSpan RetryDelay(Random random) => TimeSpan.FromMilliseconds(random.Next(50, 250));

    public async ValueTask DisposeAsync()
    {
        if (_session is not { } session) return;
        _session = null;
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await session.CloseAsync(limit.Token);
        }
        catch (Exception e) when (e is ZooKeeperException or OperationCanceledException)
        {
            // The session expires by itself, and its znode with it.
        }
    }

    /// <summary>How long leadership may be assumed from <paramref name="asked"/>: the client takes the connection as lost after two thirds of the timeout without a word.</summary>
    private static TimeSpan Remaining(ZooKeeperSession session, DateTime asked) =>
        DateTime.UtcNow - asked + (session.NegotiatedTimeout * 2 / 3) - session.Silence;

    /// <summary>The session, connected: a new one when there is none or it expired; while it reconnects, up to one call timeout to come back.</summary>
    private async Task<ZooKeeperSession> SessionAsync(CancellationToken cancel)
    {
        if (_session is { State: not KeeperState.Expired } current)
        {
            await current.WaitConnectedAsync(timeout, cancel);
            return current;
        }

        if (_session is { } expired) await expired.DisposeAsync();
        _session = null;
        _ours = null;
        _session = await connect(cancel);
        return _session;
    }

    private async Task ParentAsync(ZooKeeperSession session, CancellationToken cancel)
    {
        if (_parentKnown) return;
        try
        {
            await session.CreateAsync(Election, [], CreateMode.Persistent, cancel);
        }
        catch (ZooKeeperException e) when (e.Code == ZooKeeperError.NodeExists)
        {
        }

        _parentKnown = true;
    }

    /// <summary>Creates our znode; when the connection is lost on the way, reconnects and looks for it by its GUID before trying again.</summary>
    private async Task<string> CreateAsync(ZooKeeperSession session, CancellationToken cancel)
    {
        var guid = Guid.NewGuid().ToString("N");
        while (true)
        {
            try
            {
                return (await session.CreateAsync($"{Election}/{guid}-n_", ZooKeeperSession.Bytes(node), CreateMode.EphemeralSequential, cancel)).Path;
            }
            catch (ZooKeeperException e) when (e.Code == ZooKeeperError.ConnectionLoss)
            {
                await session.WaitConnectedAsync(session.NegotiatedTimeout, cancel);
                var children = await session.GetChildrenAsync(Election, watch: false, cancel);
                if (children.Children.FirstOrDefault(c => c.StartsWith(guid, StringComparison.Ordinal)) is { } found) return $"{Election}/{found}";
            }
        }
    }

    /// <summary>The contenders, lowest sequence number first; our own znodes other than the current one (left by a create whose reply was lost) are deleted.</summary>
    private async Task<List<string>> ContendersAsync(ZooKeeperSession session, CancellationToken cancel)
    {
        var children = (await session.GetChildrenAsync(Election, watch: false, cancel)).Children.ToList();
        var guid = _ours![(Election.Length + 1)..].Split('-')[0];
        foreach (var stray in children.Where(c => c.StartsWith(guid, StringComparison.Ordinal) && $"{Election}/{c}" != _ours).ToList())
        {
            try
            {
                await session.DeleteAsync($"{Election}/{stray}", cancel: cancel);
            }
            catch (ZooKeeperException e) when (e.Code == ZooKeeperError.NoNode)
            {
            }

            children.Remove(stray);
        }

        children.Sort((a, b) => Sequence(a).CompareTo(Sequence(b)));
        return children;
    }

    private static long Sequence(string name) =>
        long.TryParse(name.AsSpan(name.LastIndexOf("-n_", StringComparison.Ordinal) + 3), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : long.MaxValue;

    /// <summary>
    /// Leads if our znode is still ours: it exists and its ephemeralOwner is this session. Null
    /// when it is not (it will be created again). The grant's Lost completes on Disconnected,
    /// on Expired, or when the znode is deleted.
    /// </summary>
    private async Task<Grant?> LeadAsync(ZooKeeperSession session, DateTime asked, CancellationToken cancel)
    {
        var ours = _ours!;
        var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnState(KeeperState state, string why)
        {
            if (state != KeeperState.SyncConnected) lost.TrySetResult($"ZooKeeper session {state.ToString().ToLowerInvariant()}: {why}");
        }

        void OnWatched(WatcherEvent e)
        {
            if (e.Path == ours && e.Type is WatchedEventType.NodeDeleted) lost.TrySetResult($"our znode {ours} was deleted");
        }

        session.StateChanged += OnState;
        session.Watched += OnWatched;
        _ = lost.Task.ContinueWith(_ =>
        {
            session.StateChanged -= OnState;
            session.Watched -= OnWatched;
        }, TaskScheduler.Default);
        var stat = await session.ExistsAsync(ours, watch: true, cancel);
        if (stat is null || stat.EphemeralOwner != session.SessionId)
        {
            lost.TrySetResult("not ours");
            return null;
        }

        if (session.State != KeeperState.SyncConnected) throw new ZooKeeperException(ZooKeeperError.ConnectionLoss, ours);
        return new Grant(stat.Czxid, Remaining(session, asked), lost.Task);
    }

    /// <summary>Waits until the predecessor is gone; throws ConnectionLoss when the session disconnects meanwhile (the caller tries again).</summary>
    private static async Task WaitForAsync(ZooKeeperSession session, string predecessor, CancellationToken cancel)
    {
        var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnState(KeeperState state, string why)
        {
            if (state != KeeperState.SyncConnected) gone.TrySetException(new ZooKeeperException(state == KeeperState.Expired ? ZooKeeperError.SessionExpired : ZooKeeperError.ConnectionLoss, why));
        }

        void OnWatched(WatcherEvent e)
        {
            if (e.Path == predecessor) gone.TrySetResult();
        }

        session.StateChanged += OnState;
        session.Watched += OnWatched;
        try
        {
            if (await session.ExistsAsync(predecessor, watch: true, cancel) is null) return;
            await gone.Task.WaitAsync(cancel);
        }
        finally
        {
            session.StateChanged -= OnState;
            session.Watched -= OnWatched;
        }
    }
}
