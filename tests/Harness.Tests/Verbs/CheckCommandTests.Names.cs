using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Verbs;

/// <summary>What one history's results are named, and a history that cannot be read.</summary>
public partial class CheckCommandTests
{
    [Fact]
    public async Task Two_histories_checked_one_at_a_time_in_one_directory_keep_their_own_results()
    {
        using var dir = new TempDir();
        var a = new HistoryBuilder().Acquire(0, 10, "c1", 7).Acquire(20, 30, "c2", 8).Claim(40, 50, "c1", 7).WriteTo(dir.File("a.jsonl"));
        var b = new HistoryBuilder().Acquire(0, 10, "c1", 1).Claim(20, 30, "c1", 1).WriteTo(dir.File("b.jsonl"));

        var first = await HarnessRun.InProcessAsync("check", a);
        var second = await HarnessRun.InProcessAsync("check", b);

        Assert.Equal((1, 0), (first.ExitCode, second.ExitCode));
        Assert.False(Results(dir.Path, "a.results.json").GetProperty("valid").GetBoolean());
        Assert.True(Results(dir.Path, "b.results.json").GetProperty("valid").GetBoolean());
        Assert.True(File.Exists(dir.File("a.report.html")));
        Assert.False(File.Exists(dir.File("results.json")));
        Assert.Contains($"results   {dir.File("b.results.json")}", second.Out, StringComparison.Ordinal);
    }

    [SkippableFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task A_history_that_cannot_be_read_exits_64_naming_it_one_or_many()
    {
        Skip.If(Environment.UserName == "root", "root reads a file whatever its mode");
        using var dir = new TempDir();
        var path = StaleHistory(dir);
        File.SetUnixFileMode(path, UnixFileMode.None);

        var one = await HarnessRun.InProcessAsync("check", path);
        var many = await HarnessRun.InProcessAsync("check", dir.Path);

        Assert.Equal((64, 64), (one.ExitCode, many.ExitCode));
        Assert.Equal($"error: cannot read the history {path}: permission denied", one.Error.Trim());
        Assert.Contains("cannot read it: permission denied", many.Out, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_history_whose_reading_fails_exits_64_naming_it_one_or_many()
    {
        // Reading /proc/self/mem at its start fails (EIO) even for root.
        Skip.IfNot(File.Exists("/proc/self/mem"), "no /proc/self/mem here");
        using var dir = new TempDir();
        var valid = new HistoryBuilder().Acquire(0, 10, "c1", 1).WriteTo(dir.File("v.jsonl"));

        var one = await HarnessRun.InProcessAsync("check", "/proc/self/mem");
        var many = await HarnessRun.InProcessAsync("check", "/proc/self/mem", valid);

        Assert.Equal((64, 64), (one.ExitCode, many.ExitCode));
        Assert.StartsWith("error: cannot read the history /proc/self/mem: ", one.Error, StringComparison.Ordinal);
        Assert.Single(one.Error.Trim().Split('\n'));
        Assert.Matches(@"/proc/self/mem +cannot read it: ", many.Out);
        Assert.Contains("1 unreadable", many.Out, StringComparison.Ordinal);
    }
}
