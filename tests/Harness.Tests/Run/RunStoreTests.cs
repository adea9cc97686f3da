using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Run;

public sealed class RunStoreTests
{
    [Fact]
    public void A_run_directory_that_cannot_be_made_is_an_output_error_naming_it()
    {
        using var dir = new TempDir();
        var root = dir.File("store", "a file where the store should be");

        var e = Assert.Throws<OutputException>(() => RunStore.Create(root, "redis", "pause", new DateTime(2026, 11, 29, 18, 0, 0, DateTimeKind.Utc)));

        Assert.StartsWith($"the run directory {Path.Combine(root, "20261129T180000-redis-pause")} cannot be created: ", e.Message, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.CannotCreate, ExitCodes.For(e));
    }

    [Fact]
    public void Two_runs_in_the_same_second_get_two_directories()
    {
        using var dir = new TempDir();
        var at = new DateTime(2026, 11, 29, 18, 0, 0, DateTimeKind.Utc);

        var a = RunStore.Create(dir.Path, "redis", "none", at);
        var b = RunStore.Create(dir.Path, "redis", "none", at);

        Assert.Equal(["20261129T180000-redis-none", "20261129T180000-redis-none-2"], new[] { a.Name, b.Name });
        Assert.True(Directory.Exists(Path.Combine(b.Directory, "nodes")));
    }
}
