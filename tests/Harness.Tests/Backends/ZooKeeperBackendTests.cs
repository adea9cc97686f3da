using ElectionJepsen.Harness.Backends.ZooKeeper;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.Workloads.ZooKeeper;

namespace ElectionJepsen.Harness.Tests.Backends;

/// <summary>A real ZooKeeper ensemble of three on three hosts, and our client against it.</summary>
[Collection(NamespacesCollection.Name)]
public sealed class ZooKeeperBackendTests : ZooKeeperEnsembleTest
{
    [SkippableFact]
    public async Task The_ensemble_serves_with_one_leader_and_a_paused_leader_is_replaced()
    {
        var backend = ZooKeeperBackend.Default;
        var leader = await backend.ServerLeaderAsync(Servers, CancellationToken.None);
        Assert.NotNull(leader);
        Assert.StartsWith("ZooKeeper 3.8", await backend.VersionAsync(), StringComparison.Ordinal);
        Assert.Equal("imok", await FourLetterWords.AskAsync(Net[leader], ZooKeeperBackend.ClientPort, "ruok", TimeSpan.FromSeconds(2)));

        var paused = Nodes.Single(n => n.Host == leader);
        paused.Process.Pause();
        string? next = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline && (next is null || next == leader))
        {
            await Task.Delay(200);
            next = await backend.ServerLeaderAsync([.. Servers.Where(h => h.Name != leader)], CancellationToken.None);
        }

        Assert.NotNull(next);
        Assert.NotEqual(leader, next);
        paused.Process.Resume();
    }

    [SkippableFact]
    public async Task Our_client_creates_lists_watches_and_its_ephemeral_znode_goes_with_its_session()
    {
        var servers = Endpoints();
        var a = await ZooKeeperSession.ConnectAsync(servers, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(3), InHost);
        await using var b = await ZooKeeperSession.ConnectAsync(servers, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(3), InHost);
        Assert.NotEqual(a.SessionId, b.SessionId);
        Assert.InRange(a.NegotiatedTimeout.TotalMilliseconds, 1000, 10_000);

        await a.CreateAsync("/election", [], CreateMode.Persistent);
        var mine = await a.CreateAsync("/election/x-", ZooKeeperSession.Bytes("c1"), CreateMode.EphemeralSequential);
        Assert.Matches("^/election/x-[0-9]{10}$", mine.Path);
        Assert.Equal(a.SessionId, mine.Stat.EphemeralOwner);
        Assert.True(mine.Stat.Czxid > 0);

        var children = await b.GetChildrenAsync("/election", watch: false);
        Assert.Contains(mine.Path["/election/".Length..], children.Children);
        Assert.Equal("c1", System.Text.Encoding.UTF8.GetString((await b.GetDataAsync(mine.Path, watch: false)).Data));
        var deleted = new TaskCompletionSource<WatcherEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.Watched += e => deleted.TrySetResult(e);
        Assert.NotNull(await b.ExistsAsync(mine.Path, watch: true));

        await a.CloseAsync();

        var e = await deleted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((WatchedEventType.NodeDeleted, mine.Path), (e.Type, e.Path));
        Assert.Null(await b.ExistsAsync(mine.Path, watch: false));
        var error = await Assert.ThrowsAsync<ZooKeeperException>(() => b.CreateAsync("/election", [], CreateMode.Persistent));
        Assert.Equal(ZooKeeperError.NodeExists, error.Code);
    }

    [SkippableFact]
    public async Task A_lost_connection_is_taken_up_by_another_server_within_the_session()
    {
        await using var a = await ZooKeeperSession.ConnectAsync(Endpoints(), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2), InHost);
        var states = new List<(KeeperState State, string Why)>();
        a.StateChanged += (state, why) =>
        {
            lock (states) states.Add((state, why));
        };
        await a.CreateAsync("/probe", [], CreateMode.Persistent);
        var mine = await a.CreateAsync("/probe/e-", [], CreateMode.EphemeralSequential);
        var first = a.Server!;

        // The server stops answering (SIGSTOP): the connection goes quiet, and after two
        // thirds of the timeout the client takes it as lost and moves to another server.
        var server = Serving(first);
        server.Process.Pause();
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (DateTime.UtcNow < deadline && (a.State != KeeperState.SyncConnected || Equals(a.Server, first))) await Task.Delay(100);
        }
        finally
        {
            server.Process.Resume();
        }

        Assert.Equal(KeeperState.SyncConnected, a.State);
        Assert.NotEqual(first, a.Server);
        lock (states)
        {
            Assert.Equal([KeeperState.Disconnected, KeeperState.SyncConnected], states.Select(s => s.State));
            Assert.Contains("no word from", states[0].Why, StringComparison.Ordinal);
        }

        // Same session: the ephemeral znode is still there and still ours, and the session works.
        var stat = await a.ExistsAsync(mine.Path, watch: false);
        Assert.NotNull(stat);
        Assert.Equal(a.SessionId, stat.EphemeralOwner);
        Assert.Contains(mine.Path["/probe/".Length..], (await a.GetChildrenAsync("/probe", watch: false)).Children);
    }

    [SkippableFact]
    public async Task A_client_paused_past_its_session_timeout_loses_its_ephemeral_znode_and_learns_it_expired()
    {
        var probeDll = typeof(ZooKeeperBackendTests).Assembly.Location.Replace("ElectionJepsen.Harness.Tests.dll", "ElectionJepsen.ZooKeeperProbe.dll", StringComparison.Ordinal);
        await using var probe = new HostProcess(Net["c1"], Net.RunId, "zk-probe", "dotnet",
            [probeDll, string.Join(',', Endpoints()), "2000"], RunDirectory);
        await probe.StartAsync();
        await probe.WaitForLogAsync("session ", TimeSpan.FromSeconds(20));
        var line = File.ReadAllLines(probe.LogPath).Single(l => l.StartsWith("session ", StringComparison.Ordinal)).Split(' ');
        var (session, path) = (Convert.ToInt64(line[1], 16), line[2]);

        await using var b = await ZooKeeperSession.ConnectAsync(Endpoints(), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2), InHost);
        var deleted = new TaskCompletionSource<WatcherEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        b.Watched += e => deleted.TrySetResult(e);
        var stat = await b.ExistsAsync(path, watch: true);
        Assert.Equal(session, stat?.EphemeralOwner);

        var paused = DateTime.UtcNow;
        probe.Pause();
        var e = await deleted.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var gone = DateTime.UtcNow - paused;
        Assert.Equal((WatchedEventType.NodeDeleted, path), (e.Type, e.Path));
        Assert.InRange(gone.TotalMilliseconds, 1_500, 10_000);

        // Woken, the client finds its connection silent, reconnects, and is told the session is over.
        probe.Resume();
        await probe.WaitForLogAsync("state Expired", TimeSpan.FromSeconds(15));
        Assert.Contains(File.ReadAllLines(probe.LogPath), l => l.StartsWith("state Disconnected", StringComparison.Ordinal));
    }
}
