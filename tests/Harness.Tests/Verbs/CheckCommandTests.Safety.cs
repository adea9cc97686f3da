using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Verbs;

/// <summary>Histories with nothing to judge, strings from a history on the terminal, and outputs that cannot be written.</summary>
public partial class CheckCommandTests
{
    public static TheoryData<string> NothingInIt() => ["", "   ", "\n\n\n", " \n\t\n"];

    [Theory]
    [MemberData(nameof(NothingInIt))]
    public async Task A_history_with_no_line_is_unknown_exit_2_never_valid(string content)
    {
        using var dir = new TempDir();
        var path = dir.File("history.jsonl", content);

        var run = await HarnessRun.InProcessAsync("check", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("verdict   unknown: nothing to judge: the history has no operation", run.Out, StringComparison.Ordinal);
        Assert.Equal("unknown", Results(dir.Path).GetProperty("valid").GetString());
        Assert.Equal("nothing to judge: the history has no operation", Results(dir.Path).GetProperty("unknown_reason").GetString());
    }

    [Fact]
    public async Task Dev_null_is_unknown_exit_2()
    {
        using var dir = new TempDir();

        var run = await HarnessRun.InProcessAsync("check", "/dev/null", "--out", dir.Path, "--model", "mutex");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("unknown", Results(dir.Path, "null.results.json").GetProperty("valid").GetString());
    }

    [Fact]
    public async Task A_history_of_events_only_is_unknown_exit_2()
    {
        using var dir = new TempDir();
        var path = new HistoryBuilder().Note(0, "nemesis", "partition", "start").Note(10, "c1", "lost-lease").WriteTo(dir.File("history.jsonl"));

        var run = await HarnessRun.InProcessAsync("check", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nothing to judge", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Names_keys_and_descriptions_from_the_history_reach_the_terminal_escaped()
    {
        using var dir = new TempDir();
        var hostile = "c1\u001b[2J\u001b]0;owned\u0007\r\nverdict   valid";
        var path = new HistoryBuilder { Key = "k\u202e" }
            .Acquire(0, 10, hostile, 7)
            .Acquire(20, 30, "c2", 8)
            .Claim(40, 50, hostile, 7)
            .WriteTo(dir.File("history.jsonl"));

        var run = await HarnessRun.InProcessAsync("check", path);

        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain(run.Out, c => char.IsControl(c) && c != '\n' || c == '\u202e');
        Assert.Single(run.Out.Split('\n'), l => l.StartsWith("verdict", StringComparison.Ordinal));
        Assert.Contains(@"stale-leader [k\u202e]: c1\u001b[2J\u001b]0;owned\u0007\r\nverdict   valid claimed leadership 7", run.Out, StringComparison.Ordinal);
        Assert.Contains("\\u001b", Results(dir.Path).GetProperty("violations")[0].GetRawText(), StringComparison.OrdinalIgnoreCase);
        var html = File.ReadAllText(dir.File("report.html"));
        Assert.DoesNotContain(html, c => c is '\u001b' or '\u0007' or '\u202e');
        Assert.Contains(@"c1\u001b[2J", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_line_quoting_escape_sequences_stays_one_escaped_line()
    {
        using var dir = new TempDir();
        var path = dir.File("history.jsonl", """
            {"index":0,"time":0,"process":"c1\u001b[2J\n","type":"invoke","f":"acquire"}
            {"index":1,"time":5,"process":"c1\u001b[2J\n","type":"sideways\u001b[31m\r","f":"acquire"}
            {"index":2,"time":6,"process":"c1\u001b[2J\n","type":"ok","f":"acquire","value":{"token":1}}

            """);

        var run = await HarnessRun.InProcessAsync("check", path);

        Assert.Equal(65, run.ExitCode);
        Assert.DoesNotContain(run.Error, c => char.IsControl(c) && c != '\n');
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Out_on_a_file_exits_73_naming_it_after_the_verdict()
    {
        using var dir = new TempDir();
        var blocker = dir.File("blocker", "a file, not a directory");

        var run = await HarnessRun.InProcessAsync("check", StaleHistory(dir), "--out", Path.Combine(blocker, "results"));

        Assert.Equal(73, run.ExitCode);
        Assert.Contains("verdict   INVALID: 1 violation", run.Out, StringComparison.Ordinal);
        var line = Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Contains($"cannot write the results directory {Path.Combine(blocker, "results")}: ", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Junit_on_a_path_that_cannot_be_written_exits_73_after_the_verdict()
    {
        using var dir = new TempDir();
        var path = new HistoryBuilder().Acquire(0, 10, "c1", 1).WriteTo(dir.File("history.jsonl"));
        var junit = dir.File("ci");
        Directory.CreateDirectory(junit);

        var run = await HarnessRun.InProcessAsync("check", path, "--junit", junit);

        Assert.Equal(73, run.ExitCode);
        Assert.Contains("verdict   valid", run.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(dir.File("results.json")));
        Assert.Contains($"cannot write the JUnit file {junit}: ", Assert.Single(run.Error.Trim().Split('\n')), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Out_in_a_file_system_that_refuses_files_exits_73()
    {
        using var dir = new TempDir();

        var run = await HarnessRun.InProcessAsync("check", StaleHistory(dir), "--out", "/proc/ej-no-such-dir");

        Assert.Equal(73, run.ExitCode);
        Assert.Contains("verdict   INVALID", run.Out, StringComparison.Ordinal);
        Assert.StartsWith("error: cannot write the results directory /proc/ej-no-such-dir: ", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100000000000h")]
    [InlineData("99999999999999999999999999999s")]
    [InlineData("1e30s")]
    [InlineData("31d")]
    public async Task A_time_limit_past_what_is_allowed_exits_64_saying_so(string limit)
    {
        using var dir = new TempDir();

        var run = await HarnessRun.InProcessAsync("check", StaleHistory(dir), "--time-limit", limit);

        Assert.Equal(64, run.ExitCode);
        var line = Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Contains("--time-limit takes", line, StringComparison.Ordinal);
    }
}
