using System.Globalization;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Reports.Store;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Backends.ZooKeeper;

/// <summary>
/// <c>zookeeper</c>: an ensemble of three ZooKeeper 3.8 servers (QuorumPeerMain) on their own
/// hosts, tickTime 500 ms by default (<see cref="ServerSettings"/>; with the default 2000 ms a paused leader took about 10 s to replace, with 500 ms about 2 s), each under libfaketime so the clock
/// nemesis can move it; ready when srvr shows one leader and two followers.
/// </summary>
public sealed class ZooKeeperBackend : IBackend
{
    /// <summary>A server's files under its host's directory, and its data (snapshots and logs) within them.</summary>
    private const string Home = "zookeeper";
    private static readonly string DataDirectory = Path.Combine(Home, "data");

    public IReadOnlyList<string> ScratchDirectories => [DataDirectory];

    public const int ClientPort = 2181;

    /// <summary>The ports the servers reach each other on: the quorum's, and leader election's.</summary>
    public const int QuorumPort = 2888;
    public const int ElectionPort = 3888;

    /// <summary>The server's program, and the names of its files in its conf folder.</summary>
    public const string Program = "java";
    public const string ConfigFile = "zoo.cfg";
    public const string Log4jFile = "log4j.properties";

    /// <summary>log4j.properties: everything from INFO up, on the console.</summary>
    public const string Log4j = """
        log4j.rootLogger=INFO, CONSOLE
        log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender
        log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout
        log4j.appender.CONSOLE.layout.ConversionPattern=%d{ISO8601} [myid:%X{myid}] %-5p [%t:%C{1}@%L] - %m%n

        """;
    private const string Jars = "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar";

    public static ZooKeeperBackend Default { get; } = new();

    public string Name => BackendNames.ZooKeeper;

    public int ServerCount => 3;

    public IReadOnlyList<Requirement> Needs { get; } =
        [Requirement.File("ZooKeeper", "/usr/share/java/zookeeper.jar", "zookeeper"), Requirement.Program("java", "default-jre-headless"), Prerequisites.Faketime];

    public async Task<IReadOnlyList<ClusterNode>> StartAsync(IReadOnlyList<Host> hosts, ServerContext context, CancellationToken cancel)
    {
        var servers = hosts.Select(h => h.Address.ToString()).ToList();
        var nodes = new List<ClusterNode>();
        for (var i = 0; i < hosts.Count; i++)
        {
            var h = hosts[i];
            var dir = StoreLayout.Node(context.RunDirectory, h.Name, Home);
            var conf = Path.Combine(dir, "conf");
            var data = StoreLayout.Node(context.RunDirectory, h.Name, DataDirectory);
            Directory.CreateDirectory(conf);
            Directory.CreateDirectory(data);
            await File.WriteAllTextAsync(Path.Combine(data, "myid"), MyId(i), cancel);
            await File.WriteAllTextAsync(Path.Combine(conf, ConfigFile), Config(context.Settings, context.Ttl, data, h.Address.ToString(), servers), cancel);
            await File.WriteAllTextAsync(Path.Combine(conf, Log4jFile), Log4j, cancel);
            var clock = FakeClock.WithOffset(StoreLayout.Clock(context.RunDirectory, $"{h.Name}-zookeeper"));
            var process = new HostProcess(h, context.RunId, "zookeeper", Program, Arguments(conf), context.RunDirectory, clock.Environment());
            nodes.Add(new ClusterNode(process, NodeRole.Server, clock));
            await process.StartAsync(cancel);
        }

        await nodes[0].Process.WaitUntilAsync("see one ZooKeeper leader and two followers", async () =>
        {
            var modes = await ModesAsync(hosts, cancel);
            return modes.Count(m => m == "leader") == 1 && modes.Count(m => m == "follower") == hosts.Count - 1;
        }, TimeSpan.FromSeconds(60), cancel);
        return nodes;
    }

    /// <summary>The contents of the file <c>myid</c> in the data folder of the <paramref name="index"/>th server (from 0).</summary>
    public static string MyId(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// zoo.cfg of one server: the tick of <paramref name="settings"/>, a session timeout of
    /// <paramref name="ttl"/> (the bounds the servers negotiate within, 2 and 20 ticks by
    /// default, widened to take it), its data in <paramref name="dataDir"/>, clients served on
    /// <paramref name="clientAddress"/>, and <paramref name="servers"/> (addresses or names) as
    /// server.1, server.2, ... The one owner of it, for a run's hosts and for the compose file.
    /// </summary>
    public static string Config(ServerSettings settings, TimeSpan ttl, string dataDir, string clientAddress, IReadOnlyList<string> servers)
    {
        var inv = CultureInfo.InvariantCulture;
        var tick = (int)settings.ZooKeeperTick.TotalMilliseconds;
        var ttlMs = (int)ttl.TotalMilliseconds;
        var (minSession, maxSession) = (Math.Min(2 * tick, ttlMs), Math.Max(20 * tick, ttlMs));
        var quorum = string.Join('\n', servers.Select((s, i) => string.Create(inv, $"server.{i + 1}={s}:{QuorumPort}:{ElectionPort}")));
        return string.Create(inv, $"""
            tickTime={tick}
            minSessionTimeout={minSession}
            maxSessionTimeout={maxSession}
            initLimit=10
            syncLimit=4
            dataDir={dataDir}
            clientPort={ClientPort}
            clientPortAddress={clientAddress}
            admin.enableServer=false
            4lw.commands.whitelist=srvr,stat,ruok,mntr
            {quorum}

            """);
    }

    /// <summary>The Java command line of a server whose zoo.cfg and log4j.properties are in <paramref name="conf"/>.</summary>
    public static IReadOnlyList<string> Arguments(string conf) =>
        ["-Xmx256m", "-cp", $"{conf}:{Jars}", $"-Dlog4j.configuration=file:{conf}/{Log4jFile}", "org.apache.zookeeper.server.quorum.QuorumPeerMain", Path.Combine(conf, ConfigFile)];

    public string Endpoints(IReadOnlyList<Host> hosts) => string.Join(',', hosts.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Address}:{ClientPort}")));

    /// <summary>The version of the package that holds the jar the servers run (zookeeper's own package may be gone while the jar stays).</summary>
    public async Task<string> VersionAsync() => "ZooKeeper " + (await Exec.RunAsync("dpkg-query", ["-W", "-f", "${Version}", "libzookeeper-java"])).Out.Trim();

    /// <summary>The server whose srvr says "leader".</summary>
    public async Task<string?> ServerLeaderAsync(IReadOnlyList<Host> hosts, CancellationToken cancel)
    {
        var i = Array.IndexOf(await ModesAsync(hosts, cancel), "leader");
        return i >= 0 ? hosts[i].Name : null;
    }

    /// <summary>Each server's mode as its srvr says, asked from its own host so that no partition hides it.</summary>
    private static Task<string?[]> ModesAsync(IReadOnlyList<Host> hosts, CancellationToken cancel) =>
        Task.WhenAll(hosts.Select(h => FourLetterWords.ModeAsync(h, ClientPort, TimeSpan.FromMilliseconds(500), cancel)));
}
