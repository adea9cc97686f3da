using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.Workloads.Recipes;
using ElectionJepsen.Workloads.Recipes.ZooKeeper;
using ElectionJepsen.Workloads.ZooKeeper;

namespace ElectionJepsen.Harness.Tests.Backends;

/// <summary>The ZooKeeper election recipe against a real ensemble.</summary>
[Collection(NamespacesCollection.Name)]
public sealed class ZooKeeperRecipeTests : ZooKeeperEnsembleTest
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(1);

    /// <summary>A recipe whose sessions are made from c1; <paramref name="sessions"/> collects them.</summary>
    private ZooKeeperRecipe Recipe(string node, List<ZooKeeperSession>? sessions = null, TimeSpan? ttl = null) =>
        new(async cancel =>
        {
            var s = await ZooKeeperSession.ConnectAsync(Endpoints(), ttl ?? TimeSpan.FromSeconds(3), CallTimeout, InHost, cancel);
            sessions?.Add(s);
            return s;
        }, node, CallTimeout);

    /// <summary>A session from s1, out of reach of the faults done to c1.</summary>
    private async Task<ZooKeeperSession> ObserverAsync() => await ZooKeeperSession.ConnectAsync(Endpoints(), TimeSpan.FromSeconds(4), CallTimeout, InServerHost);

    [SkippableFact]
    public async Task The_lowest_znode_leads_and_the_next_takes_over_when_it_goes()
    {
        await using var a = Recipe("a");
        await using var b = Recipe("b");
        await using var c = Recipe("c");
        var first = await a.AcquireAsync(CancellationToken.None);
        Assert.NotNull(first);
        Assert.True(first.Value.Token > 0);

        // b and c wait, each on its predecessor.
        var second = b.AcquireAsync(CancellationToken.None);
        await Task.Delay(300);
        var third = c.AcquireAsync(CancellationToken.None);
        await Task.Delay(500);
        Assert.False(second.IsCompleted);
        Assert.False(third.IsCompleted);
        Assert.NotNull(await a.RenewAsync(CancellationToken.None));

        Assert.True(await a.ReleaseAsync(CancellationToken.None));
        var next = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.NotNull(next);
        Assert.True(next.Value.Token > first.Value.Token);
        await Task.Delay(500);
        Assert.False(third.IsCompleted);

        Assert.True(await b.ReleaseAsync(CancellationToken.None));
        var last = await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(last!.Value.Token > next.Value.Token);
        Assert.False(await a.ReleaseAsync(CancellationToken.None));
    }

    [SkippableFact]
    public async Task Leadership_is_lost_the_moment_the_session_disconnects()
    {
        var sessions = new List<ZooKeeperSession>();
        await using var a = Recipe("a", sessions);
        var grant = await a.AcquireAsync(CancellationToken.None);
        Assert.NotNull(grant?.Lost);
        Assert.False(grant.Value.Lost.IsCompleted);

        foreach (var server in Endpoints()) await DropFromAsync(server);
        var why = await grant.Value.Lost.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("ZooKeeper session disconnected", why, StringComparison.Ordinal);
        Assert.Null(await a.RenewAsync(CancellationToken.None));
        Assert.Equal(KeeperState.Disconnected, sessions.Single().State);
    }

    [SkippableFact]
    public async Task A_znode_whose_create_reply_was_lost_is_found_by_its_guid_not_made_twice()
    {
        var sessions = new List<ZooKeeperSession>();
        await using var a = Recipe("a", sessions);
        Assert.NotNull(await a.AcquireAsync(CancellationToken.None));
        Assert.True(await a.ReleaseAsync(CancellationToken.None));
        await using var observer = await ObserverAsync();
        var before = (await observer.GetChildrenAsync("/election", watch: false)).Stat.Cversion;

        // The server hears the create and applies it, but its reply never reaches the
        // candidate: the connection times out, the session moves to another server, and the
        // recipe looks for its GUID before creating again.
        var session = sessions.Single();
        await DropFromAsync(session.Server!);
        // (A second znode of ours would sit before us as a predecessor that never goes.)
        var grant = await a.AcquireAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.NotNull(grant);
        var children = await observer.GetChildrenAsync("/election", watch: false);
        var ours = Assert.Single(children.Children);
        Assert.Equal(before + 1, children.Stat.Cversion);
        var stat = await observer.ExistsAsync($"/election/{ours}", watch: false);
        Assert.Equal((session.SessionId, grant.Value.Token), (stat!.EphemeralOwner, stat.Czxid));
        Assert.NotEqual(KeeperState.Expired, session.State);
    }

    [SkippableFact]
    public async Task A_candidate_whose_session_expired_starts_a_new_one_and_gets_a_larger_token()
    {
        var sessions = new List<ZooKeeperSession>();
        await using var a = Recipe("a", sessions, TimeSpan.FromSeconds(2));
        var first = await a.AcquireAsync(CancellationToken.None);
        Assert.NotNull(first);

        // Cut off for longer than the session timeout: the ensemble expires the session; when
        // the candidate is heard again it is told so, and campaigns with a new session.
        var cut = Endpoints();
        foreach (var server in cut) await DropFromAsync(server);
        await first.Value.Lost!.WaitAsync(TimeSpan.FromSeconds(10));
        await using var observer = await ObserverAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while ((await observer.GetChildrenAsync("/election", watch: false)).Children.Count > 0 && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.Empty((await observer.GetChildrenAsync("/election", watch: false)).Children);
        await Exec.CheckedAsync("ip", ["netns", "exec", Net["c1"].Namespace, "iptables", "-w", "-F", "INPUT"]);

        Grant? again = null;
        for (var i = 0; i < 20 && again is null; i++)
        {
            try
            {
                again = await a.AcquireAsync(CancellationToken.None);
            }
            catch (ZooKeeperException)
            {
                await Task.Delay(200);
            }
        }

        Assert.NotNull(again);
        Assert.True(again.Value.Token > first.Value.Token);
        Assert.Equal(2, sessions.Count);
        Assert.Equal(KeeperState.Expired, sessions[0].State);
        Assert.NotEqual(sessions[0].SessionId, sessions[1].SessionId);
    }
}
