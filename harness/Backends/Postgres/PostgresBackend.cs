using System.Globalization;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Reports.Store;
using ElectionJepsen.Workloads.Recipes;
using ElectionJepsen.Workloads.Recipes.Postgres;

namespace ElectionJepsen.Harness.Backends.Postgres;

/// <summary>
/// <c>postgres</c>: one PostgreSQL server (Debian's <c>postgresql</c>) on its own host, started
/// by the harness rather than as a service: <c>initdb</c> into a scratch directory, then
/// <c>postgres</c> listening on the host's address, port 5432, trusting the switch's subnet.
/// PostgreSQL refuses to run as root, so both run as the package's <c>postgres</c> user
/// (<c>setpriv</c> execs, so the process's PID is the postmaster's), under libfaketime so the
/// clock nemesis can move it. The postmaster forks a process per connection, so the nemeses
/// signal its whole tree: a paused server serves nobody, a killed one keeps no session.
/// <para>
/// <c>--ttl</c> here is how long the server keeps the session of a client that has gone
/// silent. A client cut off by a partition stops answering TCP keepalives: the server probes
/// after a third of the TTL and drops the connection at about the TTL
/// (<c>tcp_keepalives_idle</c>, <c>_interval</c>, <c>_count</c>, and <c>tcp_user_timeout</c> = TTL).
/// A paused client's kernel still answers keepalives, so nothing at the TCP level ever drops
/// it (measured: its session, and its advisory lock, lasted the whole pause); only
/// <c>idle_session_timeout</c> does, and that is the client's own choice: our recipe sets it
/// to the TTL on its session (a server-wide one would also cut the idle pooled connections of
/// clients that never asked for it).
/// </para>
/// </summary>
public sealed class PostgresBackend : IBackend
{
    public const int Port = 5432;

    /// <summary>The database user the candidates connect as (trusted from the switch's subnet).</summary>
    public const string User = PostgresRecipe.User;

    /// <summary>The operating system user the server runs as, made by Debian's package.</summary>
    public const string SystemUser = "postgres";

    /// <summary>The programs: PostgreSQL's server and initdb (in an install's bin folder), and setpriv.</summary>
    public const string Server = "postgres";
    public const string Initdb = "initdb";
    public const string SetPriv = "setpriv";

    /// <summary>The file of a data folder that says who may connect.</summary>
    public const string HbaFile = "pg_hba.conf";

    public static PostgresBackend Default { get; } = new();

    public string Name => BackendNames.Postgres;

    public int ServerCount => 1;

    /// <summary>Where a server in a container keeps its data: in the container's own files, which its later starts find again.</summary>
    public const string ContainerData = "/var/lib/postgresql/electionjepsen";

    public IReadOnlyList<Requirement> Needs { get; } =
        [new("PostgreSQL", "postgresql", () => PostgresInstall.Find() is not null), Requirement.Program("setpriv", "util-linux"), Prerequisites.Faketime];

    public async Task<IReadOnlyList<ClusterNode>> StartAsync(IReadOnlyList<Host> hosts, ServerContext context, CancellationToken cancel)
    {
        var install = PostgresInstall.Find() ?? throw new PrerequisiteException($"PostgreSQL's programs are not under {PostgresInstall.Root}: install with sudo apt-get install -y postgresql");
        var nodes = new List<ClusterNode>();
        foreach (var host in hosts)
        {
            var process = host.Programs.OnThisMachine
                ? await OnThisMachineAsync(install, host, context, cancel)
                : InContainer(host, context);
            nodes.Add(new ClusterNode(process.Process, NodeRole.Server, process.Clock));
            await process.Process.StartAsync(cancel);
        }

        await Task.WhenAll(nodes.Select(n => n.Process.WaitUntilAsync("accept connections", async () =>
            (await Exec.RunAsync("ip", ["netns", "exec", n.Process.Host.Namespace, install.Program("pg_isready"), "-q", "-h", n.Process.Host.Address.ToString(), "-p", Port.ToString(CultureInfo.InvariantCulture), "-t", "1"], cancel: cancel)).Ok,
            TimeSpan.FromSeconds(30), cancel)));
        return nodes;
    }

    /// <summary>The server on this machine: its data folder made by this machine's initdb as its postgres user, in the scratch folder.</summary>
    private static async Task<(HostProcess Process, FakeClock Clock)> OnThisMachineAsync(PostgresInstall install, Host host, ServerContext context, CancellationToken cancel)
    {
        var scratch = ScratchOf(context.RunId, host.Name);
        var data = Path.Combine(scratch, "data");
        Directory.CreateDirectory(scratch);
        await Exec.CheckedAsync("chown", [$"{SystemUser}:{SystemUser}", scratch], cancel: cancel);
        await Exec.CheckedAsync(SetPriv, [.. AsSystemUser, install.Program(Initdb), .. InitdbArguments(data)], cancel: cancel);
        await File.AppendAllTextAsync(Path.Combine(data, HbaFile), Trust(context.Subnet), cancel);
        var clock = FakeClock.WithOffset(Path.Combine(scratch, "clock"));
        var process = new HostProcess(host, context.RunId, "postgres", SetPriv,
            [.. AsSystemUser, .. Environment(clock), install.Program(Server), "-D", data, .. Settings(host.Address.ToString(), context.Ttl)],
            context.RunDirectory)
        {
            WholeTree = true,
        };
        return (process, clock);
    }

    /// <summary>
    /// The server in a container of the servers' image, whose postgres user is not this
    /// machine's: it makes its own data folder (<see cref="ContainerStart"/>); its clock file is
    /// in the run's folder, mounted in the container, and readable by that user.
    /// </summary>
    private static (HostProcess Process, FakeClock Clock) InContainer(Host host, ServerContext context)
    {
        var clock = FakeClock.WithOffset(StoreLayout.Clock(context.RunDirectory, $"{host.Name}-postgres"));
        if (!OperatingSystem.IsWindows())
        {
            const UnixFileMode read = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            const UnixFileMode traverse = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            File.SetUnixFileMode(clock.OffsetFile!, read);
            File.SetUnixFileMode(Path.GetDirectoryName(clock.OffsetFile)!, read | traverse);

            // The run's folder is the mount's root in the container: the image's user must pass through it.
            File.SetUnixFileMode(context.RunDirectory, File.GetUnixFileMode(context.RunDirectory) | traverse);
        }

        var process = new HostProcess(host, context.RunId, "postgres", "sh",
            ["-c", ContainerStart(context.Subnet, host.Address.ToString(), context.Ttl, Environment(clock))], context.RunDirectory)
        {
            WholeTree = true,
        };
        return (process, clock);
    }

    /// <summary>
    /// A server in a container of the servers' image, as one shell line: the data folder made
    /// by the image's own initdb as the image's postgres user on the first start (a later start
    /// of the same container finds it), <paramref name="subnet"/> trusted, then the server exec'd
    /// in the shell's place as that user, after <paramref name="prefix"/> (a clock's variables).
    /// </summary>
    public static string ContainerStart(string subnet, string listen, TimeSpan ttl, IEnumerable<string> prefix)
    {
        var user = ShellWords.Join(AsSystemUser);
        var before = string.Concat(prefix.Select(w => ShellWords.Quote(w) + " "));
        return $"bin=$(ls -d {PostgresInstall.Root}/*/bin | tail -n 1)"
            + $" && if [ ! -f {ContainerData}/PG_VERSION ]; then {SetPriv} {user} \"$bin/{Initdb}\" {ShellWords.Join(InitdbArguments(ContainerData))}"
            + $" && echo {ShellWords.Quote(Trust(subnet).TrimEnd('\n'))} >> {ContainerData}/{HbaFile}; fi"
            + $" && exec {SetPriv} {user} {before}\"$bin/{Server}\" -D {ContainerData} {ShellWords.Join(Settings(listen, ttl))}";
    }

    public string Endpoints(IReadOnlyList<Host> hosts) => string.Join(',', hosts.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Address}:{Port}")));

    public async Task<string> VersionAsync() =>
        PostgresInstall.Find() is { } install ? (await Exec.RunAsync(install.Program("postgres"), ["--version"])).Out.Trim() : "PostgreSQL (not installed)";

    /// <summary>Removes the servers' scratch directories (their data and clocks); the logs stay in the run's <c>nodes/</c>.</summary>
    public Task<string?> FinishAsync(ServerContext context, CancellationToken cancel)
    {
        var removed = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), $"{LocalNetwork.Prefix}{context.RunId}-*-postgres"))
        {
            Directory.Delete(dir, recursive: true);
            removed.Add(dir);
        }

        return Task.FromResult(removed.Count == 0 ? null : $"removed the data of {string.Join(", ", removed)}");
    }

    /// <summary>
    /// A server's data and clock file: outside the run directory, which the <c>postgres</c>
    /// user may not be allowed to reach, in the temporary folder under the run's id
    /// (<c>/tmp/ej-RUNID-HOST-postgres</c>), so that the reaper removes what a killed run left.
    /// </summary>
    public static string ScratchOf(string runId, string host) => Path.Combine(Path.GetTempPath(), $"{LocalNetwork.Prefix}{runId}-{host}-postgres");

    /// <summary>
    /// The session limits from the TTL (see the class's summary); <c>fsync</c> off, since only
    /// the server's processes are killed, never the machine, and the kernel keeps what they wrote.
    /// </summary>
    public static IReadOnlyList<string> Settings(string listen, TimeSpan ttl)
    {
        // Never before the TTL since the server last heard from the client: the leader stops
        // believing it leads a TTL after its last renewal was sent, and only then may the
        // server free its lock. So every rounding goes up: idle + probes x interval >= TTL.
        var seconds = Math.Max(2, (int)Math.Ceiling(ttl.TotalSeconds));
        var probeAfter = Math.Max(1, (int)Math.Round(seconds / 3.0));
        var probes = Math.Max(1, (seconds - probeAfter + probeAfter - 1) / probeAfter);
        string[] settings =
        [
            $"listen_addresses={listen}", string.Create(CultureInfo.InvariantCulture, $"port={Port}"), "unix_socket_directories=",
            string.Create(CultureInfo.InvariantCulture, $"tcp_keepalives_idle={probeAfter}"),
            string.Create(CultureInfo.InvariantCulture, $"tcp_keepalives_interval={probeAfter}"),
            string.Create(CultureInfo.InvariantCulture, $"tcp_keepalives_count={probes}"),
            string.Create(CultureInfo.InvariantCulture, $"tcp_user_timeout={(long)ttl.TotalMilliseconds}"),
            "fsync=off", "log_connections=on", "log_disconnections=on",
        ];
        return [.. settings.SelectMany(s => new[] { "-c", s })];
    }

    /// <summary>setpriv's options that run its program as the <c>postgres</c> user (util-linux's setpriv: on this machine and in the servers' image).</summary>
    public static IReadOnlyList<string> AsSystemUser => [$"--reuid={SystemUser}", $"--regid={SystemUser}", "--clear-groups"];

    /// <summary>initdb's options for a data folder whose database user <see cref="User"/> is trusted.</summary>
    public static IReadOnlyList<string> InitdbArguments(string data) => ["-D", data, "--auth=trust", "-U", User, "--no-sync", "-E", "UTF8", "--locale=C"];

    /// <summary>The line of pg_hba.conf that trusts every client of <paramref name="subnet"/> (CIDR).</summary>
    public static string Trust(string subnet) => $"host all all {subnet} trust\n";

    /// <summary>
    /// The clock's environment, set by <c>env</c> after <c>setpriv</c>: libfaketime loaded by
    /// a process of root's first would keep its shared memory from the <c>postgres</c> user.
    /// </summary>
    private static IEnumerable<string> Environment(FakeClock clock)
    {
        var variables = clock.Environment();

        // env takes its unsetting options before any assignment.
        return ["env", .. variables.Where(v => v.Value is null).SelectMany(v => new[] { "-u", v.Key }), .. variables.Where(v => v.Value is not null).Select(v => $"{v.Key}={v.Value}")];
    }
}
