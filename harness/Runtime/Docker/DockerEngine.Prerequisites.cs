namespace ElectionJepsen.Harness.Runtime.Docker;

public sealed partial class DockerEngine
{
    /// <summary>The Docker engine, from Debian's docker.io.</summary>
    public static Requirement Daemon { get; } = Requirement.Program("dockerd", "docker.io");

    /// <summary>
    /// The engine, for a verb that cannot do without it. Docker missing: installed with apt
    /// where the harness may install (root, Debian or Ubuntu), saying so; elsewhere exit 69 with
    /// the exact command. A daemon that does not answer: exit 69 with the way to start it.
    /// </summary>
    public static async Task<DockerEngine> ConnectAsync(string verb, TextWriter say, IPackageInstaller? installer = null, CancellationToken cancel = default)
    {
        await Prerequisites.InstallMissingAsync(verb, [Daemon], say, installer, cancel);
        return await TryConnectAsync(cancel) ?? throw NotAnswering(verb, SystemdRuns());
    }

    /// <summary>The error for a daemon that does not answer: how to start it, with systemd or without.</summary>
    public static PrerequisiteException NotAnswering(string verb, bool systemd) =>
        new($"{verb} needs the Docker daemon, and none answers at {SocketPath}: start it with sudo {StartCommand(systemd)}");

    /// <summary>How to start the daemon: through systemd where it runs, else by hand in the background.</summary>
    public static string StartCommand(bool systemd) => systemd ? "systemctl start docker" : "sh -c 'dockerd > /var/log/dockerd.log 2>&1 &'";

    /// <summary>True when systemd is the machine's init (it made /run/systemd/system).</summary>
    public static bool SystemdRuns() => Directory.Exists("/run/systemd/system");
}
