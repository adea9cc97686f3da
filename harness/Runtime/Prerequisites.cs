using System.Globalization;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>A prerequisite is missing: exit 69, with the exact way to get it.</summary>
public sealed class PrerequisiteException(string message) : Exception(message);

/// <summary>Something the harness needs from the machine, and the Debian package that brings it.</summary>
public sealed record Requirement(string What, string Package, Func<bool> Present)
{
    public static Requirement Program(string name, string package) =>
        new(name, package, () => FindProgram(name) is not null);

    public static Requirement File(string what, string path, string package) =>
        new(what, package, () => System.IO.File.Exists(path));

    public static string? FindProgram(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin").Split(':')
            .Append("/usr/sbin").Append("/sbin")
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(System.IO.File.Exists);
}

/// <summary>
/// Checks what a verb needs: root (or CAP_NET_ADMIN) and programs and files. When something
/// is missing and the harness runs as root on Debian or Ubuntu it installs the packages
/// with apt, saying so; otherwise it stops (exit 69) with the exact command to run.
/// </summary>
public static class Prerequisites
{
    public static Requirement Ip { get; } = Requirement.Program("ip", "iproute2");

    public static Requirement Iptables { get; } = Requirement.Program("iptables", "iptables");

    public static Requirement Gcc { get; } = Requirement.Program("gcc", "gcc");

    /// <summary>The C library's headers, which gcc only recommends: what the clock's malloc shim is compiled against.</summary>
    public static Requirement CHeaders { get; } = Requirement.File("the C library's headers", "/usr/include/dlfcn.h", "libc6-dev");

    public static Requirement Faketime { get; } = Requirement.File("libfaketime", FakeClock.Library, "libfaketime");

    public static Requirement Redis { get; } = Requirement.Program("redis-server", "redis-server");

    /// <summary>What every verb that makes hosts needs.</summary>
    public static IReadOnlyList<Requirement> Network { get; } = [Ip, Iptables];

    public static bool IsRoot => Status("Uid:", 2) == "0"; // the effective uid

    /// <summary>CAP_NET_ADMIN (bit 12) in the effective set.</summary>
    public static bool HasNetAdmin =>
        ulong.TryParse(Status("CapEff:", 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var caps) && (caps & (1UL << 12)) != 0;

    public static void RequireRoot(string verb)
    {
        if (!IsRoot && !HasNetAdmin)
        {
            throw new PrerequisiteException($"{verb} needs root (or CAP_NET_ADMIN) to make network namespaces and iptables rules: run it with sudo, e.g. sudo -E dotnet run --project harness -- {verb}");
        }
    }

    /// <summary>Makes sure every requirement is met, installing what is missing where it may.</summary>
    public static async Task EnsureAsync(string verb, IEnumerable<Requirement> needs, TextWriter say, IPackageInstaller? installer = null, CancellationToken cancel = default)
    {
        RequireRoot(verb);
        await InstallMissingAsync(verb, needs, say, installer, cancel);
    }

    /// <summary>
    /// Installs what is missing where it may (<see cref="MayInstall"/>), saying so; elsewhere
    /// stops with the exact command. Needs root only when something is missing.
    /// </summary>
    public static async Task InstallMissingAsync(string verb, IEnumerable<Requirement> needs, TextWriter say, IPackageInstaller? installer = null, CancellationToken cancel = default)
    {
        var missing = needs.Where(r => !r.Present()).ToList();
        if (missing.Count == 0) return;
        var command = InstallCommand(missing);
        installer ??= new AptInstaller();
        if (!MayInstall(installer)) throw Missing(verb, missing);

        await say.WriteLineAsync($"installing {string.Join(", ", missing.Select(r => r.What))}: {command}");
        await installer.InstallAsync([.. missing.Select(r => r.Package).Distinct()], cancel);
        var still = missing.Where(r => !r.Present()).ToList();
        if (still.Count > 0)
        {
            throw new PrerequisiteException($"{string.Join(", ", still.Select(r => r.What))} still missing after {command}; install it by hand");
        }
    }

    /// <summary>The error for what is missing where it is not installed: what, and the exact command that installs it.</summary>
    public static PrerequisiteException Missing(string verb, IReadOnlyCollection<Requirement> missing) =>
        new($"{verb} needs {string.Join(", ", missing.Select(r => r.What))}: install with sudo {InstallCommand(missing)}");

    /// <summary>The apt-get command that installs the packages of <paramref name="missing"/>.</summary>
    public static string InstallCommand(IEnumerable<Requirement> missing) =>
        $"apt-get install -y {string.Join(' ', missing.Select(r => r.Package).Distinct())}";

    /// <summary>True where missing packages are installed rather than asked for: as root, with an installer that works here.</summary>
    public static bool MayInstall(IPackageInstaller installer) => IsRoot && installer.CanInstall;

    /// <summary>The n-th value after a field's name in /proc/self/status.</summary>
    private static string? Status(string field, int n)
    {
        try
        {
            var line = System.IO.File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line?.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(n);
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>Installs packages.</summary>
public interface IPackageInstaller
{
    /// <summary>False where this installer cannot work (not Debian or Ubuntu, no apt-get).</summary>
    bool CanInstall { get; }

    Task InstallAsync(IReadOnlyList<string> packages, CancellationToken cancel);
}
