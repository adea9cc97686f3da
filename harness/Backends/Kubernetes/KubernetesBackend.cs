using System.Globalization;
using ElectionJepsen.Harness.Backends.Etcd;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Reports.Store;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Backends.Kubernetes;

/// <summary>
/// <c>kubernetes</c>, locally: three etcd members (s1 to s3) and, on its own host (s4), the
/// Lease API server that stands in for kube-apiserver (<see cref="LeaseApiServer"/>), keeping
/// the Leases in that etcd. The candidates run KubernetesClient's LeaderElector against it.
/// </summary>
public sealed class KubernetesBackend : IBackend
{
    public IReadOnlyList<string> ScratchDirectories => Etcd.ScratchDirectories;

    public const int ApiPort = 8080;
    private static readonly EtcdBackend Etcd = EtcdBackend.Checked;

    public static KubernetesBackend Local { get; } = new();

    public string Name => BackendNames.Kubernetes;

    public int ServerCount => Etcd.ServerCount + 1;

    public IReadOnlyList<Requirement> Needs => Etcd.Needs;

    public async Task<IReadOnlyList<ClusterNode>> StartAsync(IReadOnlyList<Host> hosts, ServerContext context, CancellationToken cancel)
    {
        var etcdHosts = hosts.Take(Etcd.ServerCount).ToList();
        var nodes = new List<ClusterNode>(await Etcd.StartAsync(etcdHosts, context, cancel));
        var api = hosts[Etcd.ServerCount];
        var harness = Path.Combine(AppContext.BaseDirectory, "ElectionJepsen.Harness.dll");
        var clock = FakeClock.WithOffset(StoreLayout.Clock(context.RunDirectory, $"{api.Name}-lease-api"));
        // The Lease API is the harness itself: it runs on this machine in the host's network namespace, whatever the host's runtime.
        var process = new HostProcess(api with { Programs = LocalPrograms.Instance }, context.RunId, "lease-api", "dotnet",
            [harness, "lease-api", "--listen", string.Create(CultureInfo.InvariantCulture, $"{api.Address}:{ApiPort}"), "--etcd", Etcd.Endpoints(etcdHosts)],
            context.RunDirectory, clock.Environment());
        nodes.Add(new ClusterNode(process, NodeRole.Server, clock));
        await process.StartAsync(cancel);
        await process.WaitForPortAsync(ApiPort, TimeSpan.FromSeconds(30), cancel);
        return nodes;
    }

    public string Endpoints(IReadOnlyList<Host> hosts) => string.Create(CultureInfo.InvariantCulture, $"http://{hosts[Etcd.ServerCount].Address}:{ApiPort}");

    public async Task<string> VersionAsync() => $"the Lease API stand-in over {await Etcd.VersionAsync()}";

    /// <summary>The etcd member that leads.</summary>
    public Task<string?> ServerLeaderAsync(IReadOnlyList<Host> hosts, CancellationToken cancel) =>
        Etcd.ServerLeaderAsync([.. hosts.Take(Etcd.ServerCount)], cancel);
}
