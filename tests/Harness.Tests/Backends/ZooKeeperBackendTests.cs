using System.Net;
using System.Net.Sockets;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Backends.ZooKeeper;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.TestSupport;
using ElectionJepsen.Workloads.ZooKeeper;

namespace ElectionJepsen.Harness.Tests.Backends;

/// <summary>A real ZooKeeper ensemble of three on three hosts.</summary>
[Collection(NamespacesCollection.Name)]
public sealed class ZooKeeperBackendTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private LocalNetwork _net = null!;

    public async Task InitializeAsync() => _net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), ["s1", "s2", "s3"]);

    public async Task DisposeAsync()
    {
        await _net.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task The_ensemble_serves_with_one_leader_and_a_paused_leader_is_replaced()
    {
        var backend = ZooKeeperBackend.Default;
        var nodes = await backend.StartAsync(_net.Hosts, new ServerContext(_net.RunId, _dir.Path, TimeSpan.FromSeconds(5)), CancellationToken.None);
        try
        {
            var leader = await backend.ServerLeaderAsync(_net.Hosts, CancellationToken.None);
            Assert.NotNull(leader);
            Assert.StartsWith("ZooKeeper 3.8", await backend.VersionAsync(), StringComparison.Ordinal);
            Assert.Equal("imok", await FourLetterWords.AskAsync(_net[leader], ZooKeeperBackend.ClientPort, "ruok", TimeSpan.FromSeconds(2)));

            var paused = nodes.Single(n => n.Host == leader);
            paused.Process.Pause();
            string? next = null;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (DateTime.UtcNow < deadline && (next is null || next == leader))
            {
                await Task.Delay(200);
                next = await backend.ServerLeaderAsync([.. _net.Hosts.Where(h => h.Name != leader)], CancellationToken.None);
            }

            Assert.NotNull(next);
            Assert.NotEqual(leader, next);
            paused.Process.Resume();
        }
        finally
        {
            foreach (var n in nodes) await n.Process.DisposeAsync();
        }
    }

    [Fact]
    public async Task Our_client_creates_lists_watches_and_its_ephemeral_znode_goes_with_its_session()
    {
        var backend = ZooKeeperBackend.Default;
        var nodes = await backend.StartAsync(_net.Hosts, new ServerContext(_net.RunId, _dir.Path, TimeSpan.FromSeconds(5)), CancellationToken.None);
        try
        {
            var servers = _net.Hosts.Select(h => new IPEndPoint(h.Address, ZooKeeperBackend.ClientPort)).ToList();
            Socket InHost() => NetworkNamespace.RunAsync(_net["s1"].Namespace, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).GetAwaiter().GetResult();
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
        finally
        {
            foreach (var n in nodes) await n.Process.DisposeAsync();
        }
    }
}
