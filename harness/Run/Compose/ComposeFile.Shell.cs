using ElectionJepsen.Harness.Backends.Postgres;
using ElectionJepsen.Harness.Backends.ZooKeeper;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Run.Compose;

/// <summary>The services whose command is a shell line: files written or made first, then the server exec'd.</summary>
public static partial class ComposeFile
{
    private const string ZooKeeperData = "/var/lib/zookeeper";
    private const string ZooKeeperConf = "/etc/zookeeper/electionjepsen";
    private const string PostgresData = "/var/lib/postgresql/electionjepsen";

    /// <summary>The variables a zookeeper service's command writes into its files.</summary>
    private const string ZooKeeperConfigVariable = "ZOO_CFG";
    private const string ZooKeeperLog4jVariable = "ZOO_LOG4J";

    /// <summary>The shell line of the <paramref name="index"/>th zookeeper service: its files written from its environment, then the server.</summary>
    private static string ZooKeeperStart(int index) =>
        $"mkdir -p {ZooKeeperData} {ZooKeeperConf}"
        + $" && printf '%s' \"${ZooKeeperConfigVariable}\" > {ZooKeeperConf}/{ZooKeeperBackend.ConfigFile}"
        + $" && printf '%s' \"${ZooKeeperLog4jVariable}\" > {ZooKeeperConf}/{ZooKeeperBackend.Log4jFile}"
        + $" && echo {ZooKeeperBackend.MyId(index)} > {ZooKeeperData}/myid"
        + $" && exec {ZooKeeperBackend.Program} {Words(ZooKeeperBackend.Arguments(ZooKeeperConf))}";

    /// <summary>
    /// The postgres service: its data folder made by the image's initdb as the image's postgres
    /// user on the first start (a restart keeps it), every client of the project's network
    /// trusted, then the server with the backend's settings, as that user.
    /// </summary>
    private static ComposeService Postgres()
    {
        var user = string.Join(' ', PostgresBackend.AsSystemUser);
        var start = $"bin=$(ls -d {PostgresInstall.Root}/*/bin | tail -n 1)"
            + $" && if [ ! -f {PostgresData}/PG_VERSION ]; then {PostgresBackend.SetPriv} {user} \"$bin/{PostgresBackend.Initdb}\" {Words(PostgresBackend.InitdbArguments(PostgresData))}"
            + $" && echo {Word(PostgresBackend.Trust("0.0.0.0/0").TrimEnd('\n'))} >> {PostgresData}/{PostgresBackend.HbaFile}; fi"
            + $" && exec {PostgresBackend.SetPriv} {user} \"$bin/{PostgresBackend.Server}\" -D {PostgresData} {Words(PostgresBackend.Settings("0.0.0.0", Ttl))}";
        return new ComposeService(BackendNames.Postgres, Servers, ["sh", "-c", start]) { Profile = BackendNames.Postgres };
    }

    /// <summary>Words for sh: each as it is when it holds nothing sh reads specially, else in single quotes.</summary>
    private static string Words(IEnumerable<string> words) => string.Join(' ', words.Select(Word));

    private static string Word(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "_./:=,@%+-".Contains(c, StringComparison.Ordinal))
            ? word
            : "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
