using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Tests.Runtime;

public class PrerequisitesTests
{
    private sealed class RecordingInstaller(bool canInstall, Action? onInstall = null) : IPackageInstaller
    {
        public List<string> Installed { get; } = [];

        public bool CanInstall => canInstall;

        public Task InstallAsync(IReadOnlyList<string> packages, CancellationToken cancel)
        {
            Installed.AddRange(packages);
            onInstall?.Invoke();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Nothing_is_installed_when_everything_is_there()
    {
        var installer = new RecordingInstaller(true);
        using var say = new StringWriter();
        await Prerequisites.EnsureAsync("run", [new Requirement("sh", "dash", () => true), new Requirement("ip", "iproute2", () => true)], say, installer);
        Assert.Empty(installer.Installed);
        Assert.Equal(string.Empty, say.ToString());
    }

    [Fact]
    public async Task Missing_packages_are_installed_as_root_saying_so()
    {
        var present = false;
        var installer = new RecordingInstaller(true, () => present = true);
        using var say = new StringWriter();
        await Prerequisites.EnsureAsync("run", [new Requirement("etcd", "etcd-server", () => present), new Requirement("sh", "dash", () => true)], say, installer);
        Assert.Equal(["etcd-server"], installer.Installed);
        Assert.Equal("installing etcd: apt-get install -y etcd-server", say.ToString().Trim());
    }

    [Fact]
    public async Task Where_it_cannot_install_it_stops_with_the_exact_command()
    {
        var e = await Assert.ThrowsAsync<PrerequisiteException>(() => Prerequisites.EnsureAsync(
            "run", [new Requirement("zookeeper", "zookeeper", () => false), new Requirement("etcd", "etcd-server", () => false)], TextWriter.Null, new RecordingInstaller(false)));
        Assert.Equal("run needs zookeeper, etcd: install with sudo apt-get install -y zookeeper etcd-server", e.Message);
    }

    [Fact]
    public async Task Still_missing_after_the_install_is_an_error()
    {
        var e = await Assert.ThrowsAsync<PrerequisiteException>(() => Prerequisites.EnsureAsync(
            "run", [new Requirement("frobnicator", "frobnicator", () => false)], TextWriter.Null, new RecordingInstaller(true)));
        Assert.Contains("frobnicator still missing after apt-get install -y frobnicator", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Programs_are_found_and_root_is_recognised()
    {
        Assert.NotNull(Requirement.FindProgram("sh"));
        Assert.Null(Requirement.FindProgram("no-such-program-of-ours"));
        Assert.Equal((await Exec.CheckedAsync("id", ["-u"])).Trim() == "0", Prerequisites.IsRoot);
    }
}
