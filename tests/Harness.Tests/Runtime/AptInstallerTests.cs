using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Runtime;

public class AptInstallerTests
{
    [Fact]
    public async Task The_install_lock_is_held_against_other_processes_and_other_holders_until_released()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "locks", "apt.lock");

        var first = await AptInstaller.LockAsync(path, TimeSpan.FromSeconds(1), CancellationToken.None);
        var second = AptInstaller.LockAsync(path, TimeSpan.FromSeconds(30), CancellationToken.None);
        var other = await Exec.RunAsync("flock", ["--nonblock", path, "true"]);
        await Task.Delay(500);
        Assert.False(second.IsCompleted);
        Assert.Equal(1, other.ExitCode);

        first.Dispose();
        (await second).Dispose();
        Assert.Equal(0, (await Exec.RunAsync("flock", ["--nonblock", path, "true"])).ExitCode);
    }

    [Fact]
    public async Task An_install_waits_for_anothers_lock_only_so_long()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "apt.lock");
        using var held = await AptInstaller.LockAsync(path, TimeSpan.FromSeconds(1), CancellationToken.None);

        var e = await Assert.ThrowsAsync<PrerequisiteException>(() => AptInstaller.LockAsync(path, TimeSpan.FromMilliseconds(400), CancellationToken.None));

        Assert.Equal($"another install held {path} for 0.4 s; try again when it is done", e.Message);
    }
}
