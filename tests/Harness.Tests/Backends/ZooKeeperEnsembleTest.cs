using System.Net;
using System.Net.Sockets;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Backends.ZooKeeper;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Backends;

/// <summary>
/// A real ZooKeeper ensemble of three (s1, s2, s3) started for each test, and a client host c1
/// whose sockets the tests' clients use; all of it removed afterwards.
/// </summary>
public abstract class ZooKeeperEnsembleTest : IAsyncLifetime
{
    private readonly TempDir _dir = new();

    protected LocalNetwork Net { get; private set; } = null!;

    protected IReadOnlyList<ClusterNode> Nodes { get; private set; } = [];

    protected string RunDirectory => _dir.Path;

    protected IReadOnlyList<Host> Servers => [.. Net.Hosts.Where(h => h.Name != "c1")];

    protected List<IPEndPoint> Endpoints() => [.. Servers.Select(h => new IPEndPoint(h.Address, ZooKeeperBackend.ClientPort))];

    /// <summary>The ensemble member serving <paramref name="endpoint"/>.</summary>
    protected ClusterNode Serving(IPEndPoint endpoint) => Nodes.Single(n => n.Process.Host.Address.Equals(endpoint.Address));

    /// <summary>A socket made in c1's namespace, so that our client connects from c1.</summary>
    protected Socket InHost() => NetworkNamespace.RunAsync(Net["c1"].Namespace, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).GetAwaiter().GetResult();

    /// <summary>A socket made in s1's namespace, for observers that c1's faults must not touch.</summary>
    protected Socket InServerHost() => NetworkNamespace.RunAsync(Net["s1"].Namespace, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).GetAwaiter().GetResult();

    /// <summary>Drops, on c1, everything that comes from <paramref name="server"/> (the rule goes with the namespace).</summary>
    protected Task DropFromAsync(IPEndPoint server) =>
        Exec.CheckedAsync("ip", ["netns", "exec", Net["c1"].Namespace, "iptables", "-w", "-A", "INPUT", "-s", server.Address.ToString(), "-j", "DROP"]);

    public async Task InitializeAsync()
    {
        await Packages.EnsureAsync([.. Prerequisites.Network, .. ZooKeeperBackend.Default.Needs]);
        Net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), ["s1", "s2", "s3", "c1"]);
        Nodes = await ZooKeeperBackend.Default.StartAsync(Servers, new ServerContext(Net.RunId, _dir.Path, TimeSpan.FromSeconds(5)), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var n in Nodes) await n.Process.DisposeAsync();
        if (Net is not null) await Net.DisposeAsync();
        _dir.Dispose();
    }
}
