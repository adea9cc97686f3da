using dotnet_etcd;
using Etcdserverpb;
using Google.Protobuf;
using V3Electionpb;

namespace ElectionJepsen.Workloads.Recipes.Etcd;

/// <summary>
/// etcd's v3 election: a lease granted with the TTL and kept alive in the background with a
/// deadline on every keepalive (dotnet-etcd's simple keepalive has none and hangs in a
/// partition; here a lease with no answered keepalive for a TTL counts as lost); a campaign
/// request that carries that lease explicitly (the simple overload sends lease 0, and the
/// server then grants a 60 s lease nobody renews); token = the leader key's create revision.
/// Leadership is lost with the session, on a failed proclaim, or on a change of leader.
/// A campaign may return after the session expired while it waited (etcd issue 19597), so
/// the lease is checked before leading, unless <paramref name="checkLease"/> is off (the
/// <c>etcd-unchecked</c> variant, to show what that check is worth).
/// </summary>
public sealed class EtcdRecipe(EtcdClient etcd, string node, TimeSpan ttl, TimeSpan timeout, bool checkLease) : IRecipe
{
    private const string Election = "election";
    private readonly Lock _lock = new();
    private CancellationTokenSource? _session;
    private long _lease;
    private LeaderKey? _leader;
    private DateTime _lastKeepAlive;

    public TimeSpan RenewInterval => ttl / 3;

    public async Task<Grant?> AcquireAsync(CancellationToken cancel)
    {
        await EndSessionAsync();
        var asked = DateTime.UtcNow;
        LeaseGrantResponse grant;
        using (var limit = Limit(cancel)) grant = await etcd.LeaseGrantAsync(new LeaseGrantRequest { TTL = (long)Math.Ceiling(ttl.TotalSeconds) }, cancellationToken: limit.Token);
        var session = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        lock (_lock) (_lease, _session, _lastKeepAlive) = (grant.ID, session, asked);
        _ = KeepAliveAsync(grant.ID, session.Token);

        // The campaign waits until this candidate is elected, or until its session is lost.
        var response = await etcd.CampaignAsync(
            new CampaignRequest { Name = ByteString.CopyFromUtf8(Election), Lease = grant.ID, Value = ByteString.CopyFromUtf8(node) },
            cancellationToken: session.Token);
        if (checkLease)
        {
            using var limit = Limit(cancel);
            var alive = await etcd.LeaseTimeToLiveAsync(new LeaseTimeToLiveRequest { ID = grant.ID }, cancellationToken: limit.Token);
            if (alive.TTL <= 0) return null;
        }

        lock (_lock) _leader = response.Leader;
        return new Grant(response.Leader.Rev, Remaining());
    }

    public async Task<TimeSpan?> RenewAsync(CancellationToken cancel)
    {
        LeaderKey? leader;
        lock (_lock) leader = _leader;
        if (leader is null || Remaining() <= TimeSpan.Zero) return null;
        using var limit = Limit(cancel);
        try
        {
            await etcd.ProclaimAsync(new ProclaimRequest { Leader = leader, Value = ByteString.CopyFromUtf8(node) }, cancellationToken: limit.Token);
        }
        catch (Grpc.Core.RpcException e) when (e.StatusCode is Grpc.Core.StatusCode.FailedPrecondition or Grpc.Core.StatusCode.NotFound)
        {
            return null;
        }

        var current = await etcd.LeaderAsync(new LeaderRequest { Name = ByteString.CopyFromUtf8(Election) }, cancellationToken: limit.Token);
        return current.Kv is { } kv && kv.Key == leader.Key ? Remaining() : null;
    }

    public async Task<bool> ReleaseAsync(CancellationToken cancel)
    {
        LeaderKey? leader;
        lock (_lock) leader = _leader;
        if (leader is null) return false;
        using (var limit = Limit(cancel)) await etcd.ResignAsync(new ResignRequest { Leader = leader }, cancellationToken: limit.Token);
        await EndSessionAsync();
        return true;
    }

    public TimeSpan RetryDelay(Random random) => TimeSpan.FromMilliseconds(random.Next(50, 250));

    public async ValueTask DisposeAsync()
    {
        await EndSessionAsync();
        etcd.Dispose();
    }

    /// <summary>What is left of the lease, counted from the last keepalive the server answered.</summary>
    private TimeSpan Remaining()
    {
        lock (_lock) return _lastKeepAlive + ttl - DateTime.UtcNow;
    }

    /// <summary>A keepalive every ttl/3, each with its own deadline; a session unanswered for a TTL is over.</summary>
    private async Task KeepAliveAsync(long lease, CancellationToken session)
    {
        while (!session.IsCancellationRequested)
        {
            var sent = DateTime.UtcNow;
            using var once = CancellationTokenSource.CreateLinkedTokenSource(session);
            once.CancelAfter(timeout);
            var answered = false;
            try
            {
                await etcd.LeaseKeepAlive(new LeaseKeepAliveRequest { ID = lease }, r =>
                {
                    answered = r.TTL > 0;
                    once.Cancel();
                }, once.Token, null);
            }
            catch (Exception e) when (e is OperationCanceledException or Grpc.Core.RpcException)
            {
            }

            lock (_lock)
            {
                if (answered) _lastKeepAlive = sent;
                if (DateTime.UtcNow - _lastKeepAlive > ttl && _session?.Token == session) _session.Cancel();
            }

            try
            {
                await Task.Delay(ttl / 3, session);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task EndSessionAsync()
    {
        CancellationTokenSource? session;
        long lease;
        lock (_lock)
        {
            (session, lease, _leader) = (_session, _lease, null);
            _session = null;
        }

        if (session is null) return;
        await session.CancelAsync();
        session.Dispose();
        try
        {
            using var limit = new CancellationTokenSource(timeout);
            await etcd.LeaseRevokeAsync(new LeaseRevokeRequest { ID = lease }, cancellationToken: limit.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or Grpc.Core.RpcException)
        {
            // The lease expires by itself.
        }
    }

    private CancellationTokenSource Limit(CancellationToken cancel)
    {
        var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(timeout);
        return limit;
    }
}
