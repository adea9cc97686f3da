using System.Globalization;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Backends.Etcd;
using ElectionJepsen.Harness.Backends.Postgres;
using ElectionJepsen.Harness.Backends.Redis;
using ElectionJepsen.Harness.Backends.ZooKeeper;
using ElectionJepsen.Harness.Run.Contract;
using ElectionJepsen.Harness.Runtime.Docker;
using ElectionJepsen.Workloads.Candidate;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Run.Compose;

/// <summary>
/// The repository's <c>docker-compose.yml</c>, for the by-hand test of leader election
/// (<c>docker-compose up -d --scale candidate=5</c>, curl each replica, <c>docker restart</c> the
/// leader): the servers of redis (always), redlock, etcd, zookeeper and postgres (each its profile) from
/// the docker runtime's servers' image, and our candidate's image as the scaled service
/// <see cref="CandidateService"/>, on one network. Every fact in it comes from its owner: the
/// images' names, the servers' ports and command lines, the contract's variables and status
/// port. The file is this class's output, and a test fails when the two differ.
/// </summary>
public static partial class ComposeFile
{
    public const string FileName = "docker-compose.yml";

    /// <summary>The one network of the project.</summary>
    public const string Network = "cluster";

    public const string CandidateService = "candidate";

    /// <summary>The lease, session or lock length the candidates are given.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(5);

    /// <summary>The redis server the candidates use unless the shell names other servers.</summary>
    public const string RedisService = "redis";

    /// <summary>Where each server keeps its files in its container.</summary>
    private const string RedisData = "/var/lib/redis";
    private const string EtcdData = "/var/lib/etcd";

    private static string Servers => ImageRecipe.LatestOf(DockerImages.ServersRepository);

    /// <summary>The services, in the file's order.</summary>
    public static IReadOnlyList<ComposeService> Services() =>
    [
        Redis(RedisService, profile: null),
        .. Names(BackendNames.Redlock, RedisBackend.Redlock.ServerCount).Select(n => Redis(n, BackendNames.Redlock)),
        .. Etcd(),
        .. ZooKeeper(),
        Postgres(),
        Candidate(),
    ];

    /// <summary>What the candidates are told to use for <paramref name="backend"/>'s servers here (<c>EJ_SERVERS</c>).</summary>
    public static string ServersOf(string backend) => backend switch
    {
        BackendNames.Redis => HostPorts([RedisService], RedisBackend.Port),
        BackendNames.Redlock => HostPorts(Names(BackendNames.Redlock, RedisBackend.Redlock.ServerCount), RedisBackend.Port),
        BackendNames.Etcd or BackendNames.EtcdUnchecked => HostPorts(Names(BackendNames.Etcd, EtcdBackend.Checked.ServerCount), EtcdBackend.ClientPort),
        BackendNames.ZooKeeper => HostPorts(Names(BackendNames.ZooKeeper, ZooKeeperBackend.Default.ServerCount), ZooKeeperBackend.ClientPort),
        BackendNames.Postgres => HostPorts([BackendNames.Postgres], PostgresBackend.Port),
        _ => throw new ArgumentException($"the compose file has no servers of {backend}", nameof(backend)),
    };

    /// <summary>The backends whose servers the compose file holds: each but redis under the profile of its name.</summary>
    public static IReadOnlyList<string> Backends { get; } = [BackendNames.Redis, BackendNames.Redlock, BackendNames.Etcd, BackendNames.ZooKeeper, BackendNames.Postgres];

    private static ComposeService Redis(string name, string? profile) =>
        new(name, Servers, [RedisBackend.Program, .. RedisBackend.Arguments("0.0.0.0", RedisData)]) { Profile = profile };

    private static IEnumerable<ComposeService> Etcd()
    {
        var names = Names(BackendNames.Etcd, EtcdBackend.Checked.ServerCount);
        var cluster = EtcdBackend.Cluster(names.Select(n => (n, n)));
        return names.Select(n => new ComposeService(n, Servers,
            [EtcdBackend.Program, .. EtcdBackend.Arguments(n, $"{EtcdData}/{n}", "0.0.0.0", n, cluster, "ej-compose", ServerSettings.Default)])
        {
            Profile = BackendNames.Etcd,
        });
    }

    private static IEnumerable<ComposeService> ZooKeeper()
    {
        var names = Names(BackendNames.ZooKeeper, ZooKeeperBackend.Default.ServerCount);
        var config = ZooKeeperBackend.Config(ServerSettings.Default, Ttl, ZooKeeperData, "0.0.0.0", names);
        return names.Select((n, i) => new ComposeService(n, Servers, ["sh", "-c", ZooKeeperStart(i)])
        {
            Profile = BackendNames.ZooKeeper,
            Environment = [new(ZooKeeperConfigVariable, config), new(ZooKeeperLog4jVariable, ZooKeeperBackend.Log4j)],
        });
    }

    private static ComposeService Candidate() =>
        new(CandidateService, ImageRecipe.LatestOf(DockerImages.CandidateRepository), [])
        {
            Environment =
            [
                new(CandidateEnvironment.Backend, BackendNames.Redis, FromShell: true),
                new(CandidateEnvironment.Servers, ServersOf(BackendNames.Redis), FromShell: true),
                new(CandidateEnvironment.TtlMs, ((long)Ttl.TotalMilliseconds).ToString(CultureInfo.InvariantCulture)),
                new(CandidateEnvironment.StatusPort, ContractEnvironment.StatusPort.ToString(CultureInfo.InvariantCulture)),
            ],
            Ports = [ContractEnvironment.StatusPort],
            DependsOn = [RedisService],
            RestartOnFailure = true,
        };

    /// <summary>The services of a backend's servers: its name and 1, 2, ...</summary>
    private static IReadOnlyList<string> Names(string backend, int count) =>
        [.. Enumerable.Range(1, count).Select(i => string.Create(CultureInfo.InvariantCulture, $"{backend}{i}"))];

    private static string HostPorts(IEnumerable<string> hosts, int port) =>
        string.Join(',', hosts.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h}:{port}")));
}
