using System.Text.Json;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Verbs;

/// <summary><c>check</c> of several files or directories: one process, a line each, the totals, the worst exit code.</summary>
public sealed partial class CheckManyTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Valid(string name) =>
        new HistoryBuilder().Acquire(0, 10, "c1", 1).Claim(20, 30, "c1", 1).WriteTo(File(name));

    private string Invalid(string name) =>
        new HistoryBuilder().Acquire(0, 10, "c1", 7).Acquire(20, 30, "c2", 8).Claim(40, 50, "c1", 7).WriteTo(File(name));

    private string Malformed(string name)
    {
        System.IO.File.WriteAllText(File(name), """
            {"index":0,"time":0,"process":"c1","type":"invoke","f":"acquire"}
            {"index":1,"time":5,"process":"c1","type":"ok","f":"acquire","value":{"token":1}}
            {"index":7,"time":6,"process":"c1\u001b[2J","type":"invoke","f":"claim"}

            """);
        return File(name);
    }

    private string File(string name)
    {
        var path = Path.Combine(_dir.Path, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private static JsonElement Json(string path) => JsonDocument.Parse(System.IO.File.ReadAllText(path)).RootElement;

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task A_directory_is_every_jsonl_under_it_in_path_order_with_a_line_each_and_the_totals()
    {
        Valid("runs/b.jsonl");
        Invalid("runs/a.jsonl");
        Valid("runs/deeper/history.jsonl");
        System.IO.File.WriteAllText(File("runs/notes.txt"), "not a history");

        var run = await HarnessRun.InProcessAsync("check", Path.Combine(_dir.Path, "runs"));

        Assert.Equal(1, run.ExitCode);
        var lines = Lines(run.Out);
        Assert.Equal(4, lines.Length);
        Assert.Matches(@"runs/a\.jsonl +INVALID: 1 violation \(stale-leader\)$", lines[0]);
        Assert.Matches(@"runs/b\.jsonl +valid$", lines[1]);
        Assert.Matches(@"runs/deeper/history\.jsonl +valid$", lines[2]);
        Assert.Matches(@"^checked   3 histories in .+: 1 INVALID, 2 valid; the searches took .+ in all$", lines[3]);
    }

    [Fact]
    public async Task A_malformed_history_is_reported_on_its_line_escaped_and_the_others_are_still_checked()
    {
        Valid("d/a.jsonl");
        Malformed("d/b.jsonl");

        var run = await HarnessRun.InProcessAsync("check", File("d"));

        Assert.Equal(65, run.ExitCode);
        var lines = Lines(run.Out);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"d/a\.jsonl +valid$", lines[0]);
        Assert.Matches(@"d/b\.jsonl +malformed: .*line 3", lines[1]);
        Assert.DoesNotContain('\u001b', run.Out);
        Assert.Contains("1 valid, 1 malformed", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_violation_outranks_a_malformed_history_and_that_outranks_unknown()
    {
        Malformed("d/a.jsonl");
        System.IO.File.WriteAllText(File("d/b.jsonl"), string.Empty);
        Assert.Equal(65, (await HarnessRun.InProcessAsync("check", File("d"))).ExitCode);

        Invalid("d/c.jsonl");
        Assert.Equal(1, (await HarnessRun.InProcessAsync("check", File("d"))).ExitCode);
    }

    [Fact]
    public async Task An_empty_history_among_valid_ones_makes_the_call_unknown()
    {
        Valid("d/a.jsonl");
        System.IO.File.WriteAllText(File("d/b.jsonl"), "\n  \n");

        var run = await HarnessRun.InProcessAsync("check", File("d"), "--jobs", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"d/b\.jsonl +unknown: nothing to judge: the history has no operation", run.Out);
        Assert.Equal("unknown", Json(File("d/b.results.json")).GetProperty("valid").GetString());
    }

    [Fact]
    public async Task The_lines_are_the_same_whatever_the_number_of_jobs()
    {
        for (var i = 0; i < 12; i++)
        {
            if (i % 3 == 0) Invalid($"d/h{i:00}.jsonl");
            else Valid($"d/h{i:00}.jsonl");
        }

        var one = await HarnessRun.InProcessAsync("check", File("d"), "--jobs", "1");
        var four = await HarnessRun.InProcessAsync("check", File("d"), "--jobs", "4");

        Assert.Equal((1, 1), (one.ExitCode, four.ExitCode));
        Assert.Equal(Lines(one.Out)[..^1], Lines(four.Out)[..^1]);
        Assert.Equal(12, Lines(one.Out)[..^1].Length);
        Assert.Contains("4 INVALID, 8 valid", Lines(four.Out)[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_without_a_history_is_a_usage_error()
    {
        Directory.CreateDirectory(File("empty"));

        var run = await HarnessRun.InProcessAsync("check", File("empty"));

        Assert.Equal(64, run.ExitCode);
        Assert.Contains("no history under", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_history_given_twice_is_checked_once()
    {
        var a = Valid("a.jsonl");

        var run = await HarnessRun.InProcessAsync("check", a, _dir.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("checked   1 history in", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_says_how_many_are_checked_at_once_how_the_budget_is_shared_and_how_codes_rank()
    {
        var run = await HarnessRun.InProcessAsync("check", "--help");

        foreach (var words in new[] { "--jobs", "each search within its own --time-limit", "each history checked at once gets its part of --memory-limit-mb", "The exit code is the worst of all" })
        {
            Assert.Contains(words, run.Out, StringComparison.Ordinal);
        }
    }
}
