using ElectionJepsen.Harness.Backends.Postgres;
using ElectionJepsen.Harness.Backends.ZooKeeper;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Run.Compose;

/// <summary>The services whose command is a shell line: files written or made first, then the server exec'd.</summary>
public static partial class ComposeFile
{
    private const string ZooKeeperData = "/var/lib/zookeeper";
    private const string ZooKeeperConf = "/etc/zookeeper/electionjepsen";

    /// <summary>The variables a zookeeper service's command writes into its files.</summary>
    private const string ZooKeeperConfigVariable = "ZOO_CFG";
    private const string ZooKeeperLog4jVariable = "ZOO_LOG4J";

    /// <summary>The shell line of the <paramref name="index"/>th zookeeper service: its files written from its environment, then the server.</summary>
    private static string ZooKeeperStart(int index) =>
        $"mkdir -p {ZooKeeperData} {ZooKeeperConf}"
        + $" && printf '%s' \"${ZooKeeperConfigVariable}\" > {ZooKeeperConf}/{ZooKeeperBackend.ConfigFile}"
        + $" && printf '%s' \"${ZooKeeperLog4jVariable}\" > {ZooKeeperConf}/{ZooKeeperBackend.Log4jFile}"
        + $" && echo {ZooKeeperBackend.MyId(index)} > {ZooKeeperData}/myid"
        + $" && exec {ZooKeeperBackend.Program} {ShellWords.Join(ZooKeeperBackend.Arguments(ZooKeeperConf))}";

    /// <summary>The postgres service: the backend's start in a container, every client of the project's network trusted.</summary>
    private static ComposeService Postgres() =>
        new(BackendNames.Postgres, Servers, ["sh", "-c", PostgresBackend.ContainerStart("0.0.0.0/0", "0.0.0.0", Ttl, [])]) { Profile = BackendNames.Postgres };
}
