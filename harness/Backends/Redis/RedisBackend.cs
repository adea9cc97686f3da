using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Reports.Store;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Backends.Redis;

/// <summary>
/// <c>redis</c>: one redis-server; <c>redlock</c>: five, each on its own host. Each runs
/// under libfaketime (with the glibc-malloc preload) so the clock nemesis can move it.
/// </summary>
public sealed class RedisBackend(string name, int servers) : IBackend
{
    public const int Port = 6379;

    /// <summary>The server's program.</summary>
    public const string Program = "redis-server";

    public static RedisBackend Single { get; } = new(BackendNames.Redis, 1);

    public static RedisBackend Redlock { get; } = new(BackendNames.Redlock, 5);

    public string Name => name;

    public int ServerCount => servers;

    public IReadOnlyList<Requirement> Needs { get; } = [Prerequisites.Redis, Prerequisites.Faketime, Prerequisites.Gcc, Prerequisites.CHeaders];

    public async Task<IReadOnlyList<ClusterNode>> StartAsync(IReadOnlyList<Host> hosts, ServerContext context, CancellationToken cancel)
    {
        var shim = await PreloadShim.Malloc.PathAsync(cancel);
        var nodes = new List<ClusterNode>();
        foreach (var host in hosts)
        {
            var dir = StoreLayout.Node(context.RunDirectory, host.Name, "redis-data");
            Directory.CreateDirectory(dir);
            var clock = FakeClock.WithOffset(StoreLayout.Clock(context.RunDirectory, $"{host.Name}-redis"), shim);
            var process = new HostProcess(host, context.RunId, "redis", Program, Arguments(host.Address.ToString(), dir), context.RunDirectory, clock.Environment());
            nodes.Add(new ClusterNode(process, NodeRole.Server, clock));
            await process.StartAsync(cancel);
        }

        await Task.WhenAll(nodes.Select(n => n.Process.WaitForPortAsync(Port, TimeSpan.FromSeconds(15), cancel)));
        return nodes;
    }

    /// <summary>
    /// The command line of one server listening on <paramref name="bind"/> with its files in
    /// <paramref name="dir"/>: no snapshots, no append-only file, open to every client. The one
    /// owner of it, for a run's hosts and for the compose file's services.
    /// </summary>
    public static IReadOnlyList<string> Arguments(string bind, string dir) =>
        ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", bind, "--save", "", "--appendonly", "no", "--protected-mode", "no", "--dir", dir];

    public string Endpoints(IReadOnlyList<Host> hosts) => string.Join(',', hosts.Select(h => $"{h.Address}:{Port}"));

    public async Task<string> VersionAsync() => (await Exec.RunAsync("redis-server", ["--version"])).Out.Trim();
}
