using System.Xml.Linq;

namespace ElectionJepsen.Harness.Tests.Verbs;

/// <summary>Where the results of many histories go, their JUnit cases, and outputs that cannot be written.</summary>
public sealed partial class CheckManyTests
{
    [Fact]
    public async Task Results_go_beside_each_history_under_its_own_name_and_a_runs_history_gets_results_json()
    {
        var a = Invalid("runs/a.jsonl");
        var b = Valid("runs/b.jsonl");
        var run = Valid("runs/r1/history.jsonl");

        var check = await HarnessRun.InProcessAsync("check", a, b, run);

        Assert.Equal(1, check.ExitCode);
        Assert.False(Json(File("runs/a.results.json")).GetProperty("valid").GetBoolean());
        Assert.True(Json(File("runs/b.results.json")).GetProperty("valid").GetBoolean());
        Assert.True(Json(File("runs/r1/results.json")).GetProperty("valid").GetBoolean());
        Assert.True(System.IO.File.Exists(File("runs/a.report.html")));
        Assert.True(System.IO.File.Exists(File("runs/r1/report.html")));
        Assert.False(System.IO.File.Exists(File("runs/results.json")));
    }

    [Fact]
    public async Task Under_out_each_history_keeps_its_path_relative_to_their_common_directory()
    {
        Invalid("in/x/h.jsonl");
        Valid("in/y/h.jsonl");
        var outDir = File("out");

        var run = await HarnessRun.InProcessAsync("check", File("in/x"), File("in/y/h.jsonl"), "--out", outDir);

        Assert.Equal(1, run.ExitCode);
        Assert.False(Json(Path.Combine(outDir, "x", "h.results.json")).GetProperty("valid").GetBoolean());
        Assert.True(Json(Path.Combine(outDir, "y", "h.results.json")).GetProperty("valid").GetBoolean());
        Assert.False(System.IO.File.Exists(File("in/x/h.results.json")));
    }

    [Fact]
    public async Task Junit_has_a_test_case_per_history_named_by_its_relative_path()
    {
        Invalid("d/a.jsonl");
        Valid("d/sub/b.jsonl");
        Malformed("d/c.jsonl");
        var junit = File("ci/junit.xml");

        var run = await HarnessRun.InProcessAsync("check", File("d"), "--junit", junit);

        Assert.Equal(1, run.ExitCode);
        var cases = XDocument.Load(junit).Descendants("testcase").ToDictionary(c => (string)c.Attribute("name")!);
        Assert.Equal(["a.jsonl (fenced-lease)", "c.jsonl (fenced-lease)", "sub/b.jsonl (fenced-lease)"], cases.Keys.Order(StringComparer.Ordinal));
        Assert.NotNull(cases["a.jsonl (fenced-lease)"].Element("failure"));
        Assert.StartsWith("malformed", (string?)cases["c.jsonl (fenced-lease)"].Element("error")?.Attribute("message"), StringComparison.Ordinal);
        Assert.Null(cases["sub/b.jsonl (fenced-lease)"].Element("failure"));
    }

    [Fact]
    public async Task A_history_whose_results_cannot_be_written_exits_73_after_its_verdict()
    {
        Invalid("d/a.jsonl");
        Directory.CreateDirectory(File("d/a.results.json"));

        var run = await HarnessRun.InProcessAsync("check", File("d"), Valid("e.jsonl"));

        Assert.Equal(73, run.ExitCode);
        Assert.Matches(@"d/a\.jsonl +INVALID: 1 violation \(stale-leader\); cannot write the results .*a\.results\.json: ", run.Out);
        Assert.Contains("1 with results not written", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_histories_that_would_share_their_results_are_refused_before_any_check()
    {
        var plain = Valid("d/x");
        var jsonl = Valid("d/x.jsonl");

        var run = await HarnessRun.InProcessAsync("check", plain, jsonl);

        Assert.Equal(64, run.ExitCode);
        Assert.Contains("would share", run.Error, StringComparison.Ordinal);
        Assert.False(System.IO.File.Exists(File("d/x.results.json")));
    }
}
