using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Tests;

public class PackagesTests
{
    private sealed class CountingInstaller(bool canInstall, Action? onInstall = null) : IPackageInstaller
    {
        public List<IReadOnlyList<string>> Installs { get; } = [];

        public bool CanInstall => canInstall;

        public async Task InstallAsync(IReadOnlyList<string> packages, CancellationToken cancel)
        {
            lock (Installs) Installs.Add(packages);
            await Task.Delay(50, cancel);
            onInstall?.Invoke();
        }
    }

    [Fact]
    public async Task Nothing_is_installed_or_skipped_when_everything_is_there()
    {
        var installer = new CountingInstaller(true);
        using var say = new StringWriter();
        await new Packages(installer, say).RequireAsync([new Requirement("ip", "iproute2", () => true)]);
        Assert.Empty(installer.Installs);
        Assert.Equal(string.Empty, say.ToString());
    }

    [Fact]
    public async Task Where_nothing_may_be_installed_the_test_is_skipped_with_the_exact_command()
    {
        var installer = new CountingInstaller(false);
        var packages = new Packages(installer, TextWriter.Null);
        Requirement[] needs = [new("redis-server", "redis-server", () => false), new("kubectl", "kubernetes-client", () => false)];

        var first = await Assert.ThrowsAsync<SkipException>(() => packages.RequireAsync(needs));
        var again = await Assert.ThrowsAsync<SkipException>(() => packages.RequireAsync(needs.Reverse()));

        Assert.Equal("this test needs redis-server, kubectl: install with sudo apt-get install -y redis-server kubernetes-client", first.Message);
        Assert.Equal(first.Message, again.Message);
        Assert.Empty(installer.Installs);
    }

    [SkippableFact]
    public async Task As_root_a_set_of_needs_is_installed_once_however_many_tests_ask_at_once()
    {
        Skip.IfNot(Prerequisites.IsRoot, "installing is done as root only; run the tests as root");
        var present = false;
        var installer = new CountingInstaller(true, () => present = true);
        using var say = new StringWriter();
        var packages = new Packages(installer, say);
        Requirement[] needs = [new("etcd", "etcd-server", () => present), new("etcdctl", "etcd-client", () => present)];

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => packages.RequireAsync(needs))));

        Assert.Equal(["etcd-server", "etcd-client"], Assert.Single(installer.Installs));
        Assert.Equal("installing etcd, etcdctl: apt-get install -y etcd-server etcd-client", say.ToString().Trim());
    }

    [SkippableFact]
    public async Task An_install_that_was_tried_and_did_not_help_fails_the_test_rather_than_skipping_it()
    {
        Skip.IfNot(Prerequisites.IsRoot, "installing is done as root only; run the tests as root");
        var packages = new Packages(new CountingInstaller(true), TextWriter.Null);

        var e = await Assert.ThrowsAsync<PrerequisiteException>(() => packages.RequireAsync([new Requirement("frobnicator", "frobnicator", () => false)]));

        Assert.Equal("frobnicator still missing after apt-get install -y frobnicator; install it by hand", e.Message);
    }
}
