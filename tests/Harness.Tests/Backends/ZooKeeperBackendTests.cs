using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Backends.ZooKeeper;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.TestSupport;

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
}
