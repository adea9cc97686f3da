using System.Globalization;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Reports.Store;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Backends.Etcd;

/// <summary>
/// <c>etcd</c>: three etcd 3.4 members on their own hosts, by default with pre-vote, a 100 ms
/// heartbeat and a 1000 ms election timeout (<see cref="ServerSettings"/>: with pre-vote a healed member rejoins without forcing an election);
/// ready when every endpoint is healthy. etcd
/// is a Go program: it reads the clock without libc, so libfaketime cannot move it.
/// </summary>
public sealed class EtcdBackend(string name) : IBackend
{
    private const string DataDirectory = "etcd-data";

    public IReadOnlyList<string> ScratchDirectories => [DataDirectory];

    public const int ClientPort = 2379;
    public const int PeerPort = 2380;

    /// <summary>The server's program.</summary>
    public const string Program = "etcd";
    public const string NoClock = "etcd is a Go program: it reads the clock without libc, so libfaketime cannot move it";

    public static EtcdBackend Checked { get; } = new(BackendNames.Etcd);

    /// <summary>The recipe variant that acts on a campaign's result without checking its lease first.</summary>
    public static EtcdBackend Unchecked { get; } = new(BackendNames.EtcdUnchecked);

    public string Name => name;

    public int ServerCount => 3;

    public IReadOnlyList<Requirement> Needs { get; } = [Requirement.Program("etcd", "etcd-server"), Requirement.Program("etcdctl", "etcd-client")];

    public async Task<IReadOnlyList<ClusterNode>> StartAsync(IReadOnlyList<Host> hosts, ServerContext context, CancellationToken cancel)
    {
        var cluster = Cluster(hosts.Select(h => (h.Name, h.Address.ToString())));
        var nodes = new List<ClusterNode>();
        foreach (var h in hosts)
        {
            var data = StoreLayout.Node(context.RunDirectory, h.Name, DataDirectory);
            var address = h.Address.ToString();
            var process = new HostProcess(h, context.RunId, "etcd", Program,
                Arguments(h.Name, data, address, address, cluster, $"ej-{context.RunId}", context.Settings), context.RunDirectory);
            nodes.Add(new ClusterNode(process, NodeRole.Server, null, NoClock));
            await process.StartAsync(cancel);
        }

        var endpoints = Endpoints(hosts);
        await nodes[0].Process.WaitUntilAsync("see every etcd member healthy", async () =>
            (await Exec.RunAsync("ip", ["netns", "exec", hosts[0].Namespace, "etcdctl", "--endpoints", endpoints, "--command-timeout", "1s", "endpoint", "health"], cancel: cancel)).Ok,
            TimeSpan.FromSeconds(30), cancel);
        return nodes;
    }

    /// <summary>The <c>--initial-cluster</c> value: each member's name and the host its peers reach it at.</summary>
    public static string Cluster(IEnumerable<(string Name, string Host)> members) =>
        string.Join(',', members.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Name}=http://{m.Host}:{PeerPort}")));

    /// <summary>
    /// The command line of member <paramref name="name"/>: it listens on <paramref name="listen"/>
    /// and tells the others to reach it at <paramref name="advertise"/> (an address on a run's
    /// hosts; on the compose file's network, every address and the member's name), tuned by
    /// <paramref name="settings"/>. The one owner of it, for a run's hosts and for the compose file.
    /// </summary>
    public static IReadOnlyList<string> Arguments(string name, string dataDir, string listen, string advertise, string cluster, string token, ServerSettings settings)
    {
        var arguments = new List<string>
        {
            "--name", name, "--data-dir", dataDir,
            "--listen-peer-urls", $"http://{listen}:{PeerPort}", "--initial-advertise-peer-urls", $"http://{advertise}:{PeerPort}",
            "--listen-client-urls", $"http://{listen}:{ClientPort}", "--advertise-client-urls", $"http://{advertise}:{ClientPort}",
            "--initial-cluster", cluster, "--initial-cluster-state", "new", "--initial-cluster-token", token,
            "--heartbeat-interval", ((int)settings.EtcdHeartbeat.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            "--election-timeout", ((int)settings.EtcdElectionTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
        };
        if (settings.EtcdPreVote) arguments.Add("--pre-vote");
        return arguments;
    }

    public string Endpoints(IReadOnlyList<Host> hosts) =>
        string.Join(',', hosts.Select(h => string.Create(CultureInfo.InvariantCulture, $"http://{h.Address}:{ClientPort}")));

    public async Task<string> VersionAsync() => (await Exec.RunAsync("etcd", ["--version"])).Out.Split('\n')[0].Trim();

    /// <summary>The member every reachable member names as leader (etcdctl endpoint status), by its host.</summary>
    public async Task<string?> ServerLeaderAsync(IReadOnlyList<Host> hosts, CancellationToken cancel)
    {
        var r = await Exec.RunAsync("ip", ["netns", "exec", hosts[0].Namespace, "etcdctl", "--endpoints", Endpoints(hosts), "--command-timeout", "500ms", "endpoint", "status", "-w", "json"], cancel: cancel);
        if (r.Out.Length == 0) return null;
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(r.Out);
            var members = doc.RootElement.EnumerateArray()
                .Select(e => (Endpoint: e.GetProperty("Endpoint").GetString(), Status: e.GetProperty("Status")))
                .Select(e => (e.Endpoint, Id: e.Status.GetProperty("header").GetProperty("member_id").GetUInt64(), Leader: e.Status.GetProperty("leader").GetUInt64()))
                .ToList();
            var leader = members.GroupBy(m => m.Leader).OrderByDescending(g => g.Count()).FirstOrDefault()?.Key;
            var endpoint = members.FirstOrDefault(m => m.Id == leader).Endpoint;
            return hosts.FirstOrDefault(h => endpoint is not null && endpoint.Contains($"//{h.Address}:", StringComparison.Ordinal))?.Name;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return null;
        }
    }
}
