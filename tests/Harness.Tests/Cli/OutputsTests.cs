using ElectionJepsen.Harness.Cli;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Cli;

public sealed class OutputsTests
{
    [Fact]
    public void A_file_in_the_way_of_a_directory_names_the_path_and_why()
    {
        using var dir = new TempDir();
        var blocker = dir.File("blocker", "x");

        var e = Assert.Throws<OutputException>(() => Outputs.Directory("results directory", Path.Combine(blocker, "sub")));

        Assert.StartsWith($"cannot write the results directory {Path.Combine(blocker, "sub")}: ", e.Message, StringComparison.Ordinal);
        Assert.Equal(73, ExitCodes.For(e));
    }

    [Fact]
    public void Writing_over_a_directory_names_the_path()
    {
        using var dir = new TempDir();
        var target = dir.File("results.json");
        Directory.CreateDirectory(target);

        var e = Assert.Throws<OutputException>(() => Outputs.Write("results", target, () => File.WriteAllText(target, "{}")));

        Assert.StartsWith($"cannot write the results {target}: ", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(28, "no space left on the device")]
    [InlineData(30, "the file system is read-only")]
    [InlineData(20, "a part of the path is a file, not a directory")]
    public void Errno_is_said_in_words(int errno, string why) =>
        Assert.Equal(why, Outputs.Why(new IOException("raw", errno)));

    [Fact]
    public void A_file_system_that_refuses_to_create_names_the_path_not_a_temporary_one()
    {
        var e = Assert.Throws<OutputException>(() => Outputs.Write("JUnit file", "/proc/ej-junit.xml", () => File.WriteAllText("/proc/ej-junit.xml.1.tmp", "x")));

        Assert.Equal("cannot write the JUnit file /proc/ej-junit.xml: it cannot be created there (no such file or directory)", e.Message);
    }

    [Fact]
    public void Permission_denied_is_said_so() =>
        Assert.Equal("permission denied", Outputs.Why(new UnauthorizedAccessException("Access to the path is denied.")));

    [Fact]
    public void A_probe_leaves_nothing_behind_where_it_can_write()
    {
        using var dir = new TempDir();

        Outputs.Probe("JUnit file", Path.Combine(dir.Path, "ci", "junit.xml"));

        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public async Task A_run_whose_store_cannot_be_written_exits_73_before_it_starts()
    {
        using var dir = new TempDir();
        var blocker = dir.File("store", "a file, not a directory");

        var run = await HarnessRun.InProcessAsync("run", "--backend", "redis", "--store", blocker);

        Assert.Equal(73, run.ExitCode);
        Assert.StartsWith($"error: cannot write the store {Path.Combine(blocker, "runs")}: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_whose_junit_cannot_be_written_exits_73_before_it_starts()
    {
        using var dir = new TempDir();
        var blocker = dir.File("ci", "a file, not a directory");

        var run = await HarnessRun.InProcessAsync("run", "--backend", "redis", "--store", dir.File("store"), "--junit", Path.Combine(blocker, "junit.xml"));

        Assert.Equal(73, run.ExitCode);
        Assert.Contains("cannot write the JUnit file", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.File("store")), "the store probe leaves nothing behind");
    }

    [Fact]
    public async Task A_run_time_limit_past_30_days_exits_64()
    {
        var run = await HarnessRun.InProcessAsync("run", "--time-limit", "100000000000h");

        Assert.Equal(64, run.ExitCode);
        Assert.Contains("--time-limit takes at most 30 days", run.Error, StringComparison.Ordinal);
    }
}
