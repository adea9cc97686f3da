using System.Text.Json;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Verbs;

public partial class CheckCommandTests
{
    private static string StaleHistory(TempDir dir) => new HistoryBuilder()
        .Acquire(0, 10, "c1", 7)
        .Acquire(20, 30, "c2", 8)
        .Claim(412_000_040, 412_000_050, "c1", 7)
        .Write(412_000_060, 412_000_070, "c1", 7, 1, accepted: false)
        .WriteTo(dir.File("history.jsonl"));

    private static JsonElement Results(string dir, string name = "results.json") =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, name))).RootElement;

    [Fact]
    public async Task Valid_history_exits_0_and_writes_results_beside_it()
    {
        using var dir = new TempDir();
        var path = new HistoryBuilder().Acquire(0, 10, "c1", 1).Claim(20, 30, "c1", 1).WriteTo(dir.File("history.jsonl"));
        var run = await HarnessRun.InProcessAsync("check", path);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("verdict   valid", run.Out, StringComparison.Ordinal);
        var results = Results(dir.Path);
        Assert.True(results.GetProperty("valid").GetBoolean());
        Assert.Equal("fenced-lease", results.GetProperty("model").GetString());
        Assert.Equal(4, results.GetProperty("history").GetProperty("events").GetInt32());
    }

    [Fact]
    public async Task Invalid_history_exits_1_and_names_the_violation_with_its_evidence()
    {
        using var dir = new TempDir();
        var run = await HarnessRun.InProcessAsync("check", StaleHistory(dir));
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("stale-leader [leader]: c1 claimed leadership 7 412 ms after c2 was granted 8", run.Out, StringComparison.Ordinal);
        Assert.Contains("lines 6, 4", run.Out, StringComparison.Ordinal);
        var v = Results(dir.Path).GetProperty("violations")[0];
        Assert.Equal("stale-leader", v.GetProperty("kind").GetString());
        Assert.Equal([5, 3], v.GetProperty("indices").EnumerateArray().Select(i => i.GetInt32()));
        Assert.Equal(412_000_010, v.GetProperty("overlap_ns").GetInt64());
        Assert.Equal(1, Results(dir.Path).GetProperty("fencing").GetProperty("writes_refused").GetInt32());
        Assert.False(Results(dir.Path).GetProperty("search").GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Junit_has_one_failed_case_for_an_invalid_history_with_hostile_names_escaped()
    {
        using var dir = new TempDir();
        var hostile = "<script>alert(1)</script>&\u0001";
        var path = new HistoryBuilder()
            .Acquire(0, 10, hostile, 7)
            .Acquire(20, 30, "c2", 8)
            .Claim(412_000_040, 412_000_050, hostile, 7)
            .WriteTo(dir.File("history.jsonl"));
        var junit = dir.File("ci/junit.xml");

        var run = await HarnessRun.InProcessAsync("check", path, "--junit", junit);

        Assert.Equal(1, run.ExitCode);
        var xml = File.ReadAllText(junit);
        Assert.DoesNotContain("<script>", xml, StringComparison.Ordinal);
        var doc = System.Xml.Linq.XDocument.Parse(xml);
        var suites = doc.Root!;
        Assert.Equal(("testsuites", "1", "1"), (suites.Name.LocalName, (string?)suites.Attribute("tests"), (string?)suites.Attribute("failures")));
        var failure = Assert.Single(doc.Descendants("testcase")).Element("failure")!;
        Assert.StartsWith("INVALID: 1 violation: stale-leader", (string?)failure.Attribute("message"), StringComparison.Ordinal);
        Assert.Contains("<script>alert(1)</script>&\uFFFD claimed leadership 7", failure.Value, StringComparison.Ordinal);
        Assert.Contains("history lines 6, 4", failure.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Junit_has_a_passing_case_for_a_valid_history()
    {
        using var dir = new TempDir();
        var path = new HistoryBuilder().Acquire(0, 10, "c1", 1).Claim(20, 30, "c1", 1).WriteTo(dir.File("history.jsonl"));
        var junit = dir.File("junit.xml");

        var run = await HarnessRun.InProcessAsync("check", path, "--junit", junit);

        Assert.Equal(0, run.ExitCode);
        var testCase = Assert.Single(System.Xml.Linq.XDocument.Load(junit).Descendants("testcase"));
        Assert.Equal("history.jsonl (fenced-lease)", (string?)testCase.Attribute("name"));
        Assert.Null(testCase.Element("failure"));
        Assert.Null(testCase.Element("error"));
    }

    [Fact]
    public async Task Out_directory_receives_results_json()
    {
        using var dir = new TempDir();
        var outDir = dir.File("elsewhere/deeper");
        var run = await HarnessRun.InProcessAsync("check", StaleHistory(dir), "--out", outDir, "--search", "off");
        Assert.Equal(1, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(outDir, "results.json")));
        Assert.False(File.Exists(dir.File("results.json")));
        Assert.False(Results(outDir).TryGetProperty("search", out _));
    }

    [Fact]
    public async Task Malformed_line_exits_65_naming_the_line()
    {
        using var dir = new TempDir();
        var path = dir.File("history.jsonl");
        File.WriteAllText(path, """
            {"index":0,"time":0,"process":"c1","type":"invoke","f":"acquire"}
            {"index":1,"time":5,"process":"c1","type":"ok","f":"acquire","value":{"token":1}}
            {"index":7,"time":6,"process":"c1","type":"invoke","f":"claim"}
            {"index":3,"time":7,"process":"c1","type":"ok","f":"claim","value":{"leader":false}}
            """);
        var run = await HarnessRun.InProcessAsync("check", path);
        Assert.Equal(65, run.ExitCode);
        Assert.Contains("line 3", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Value_the_model_cannot_read_exits_65_naming_the_line()
    {
        using var dir = new TempDir();
        var path = new HistoryBuilder().Invoke(0, "c1", "acquire").Ok(5, "c1", "acquire", OpValue.FromJson("\"seven\"")).WriteTo(dir.File("h.jsonl"));
        var run = await HarnessRun.InProcessAsync("check", path);
        Assert.Equal(65, run.ExitCode);
        Assert.Contains("line 2", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Torn_last_line_is_checked_without_it_and_reported()
    {
        using var dir = new TempDir();
        var path = StaleHistory(dir);
        File.AppendAllText(path, "{\"index\":8,\"time\":5000000");
        var run = await HarnessRun.InProcessAsync("check", path);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("line 9 is torn", run.Out, StringComparison.Ordinal);
        Assert.Contains("torn", Results(dir.Path).GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--model", "queue", "the models are fenced-lease, mutex, register, cas-register")]
    [InlineData("--time-limit", "soon", "--time-limit takes a positive duration")]
    [InlineData("--search", "maybe", "--search takes on or off")]
    [InlineData("--memory-limit-mb", "0", "--memory-limit-mb takes a positive number")]
    [InlineData("--colour", "red", "--colour")]
    public async Task Bad_option_exits_64_with_one_line_saying_what_is_allowed(string option, string value, string says)
    {
        using var dir = new TempDir();
        var run = await HarnessRun.InProcessAsync("check", StaleHistory(dir), option, value);
        Assert.Equal(64, run.ExitCode);
        Assert.Contains(says, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public async Task Missing_history_exits_64()
    {
        using var dir = new TempDir();
        var run = await HarnessRun.InProcessAsync("check", dir.File("nothing.jsonl"));
        Assert.Equal(64, run.ExitCode);
        Assert.Contains("no history at", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Undecided_search_exits_2_with_the_reason()
    {
        using var dir = new TempDir();
        var path = dir.File("mutex.jsonl");
        HistoryGenerator.BlockingMutex(1, new GenOptions(10, 100_000)).WriteTo(path);
        var run = await HarnessRun.InProcessAsync("check", path, "--model", "mutex", "--time-limit", "0.001ms");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("unknown: the search did not finish within its time limit", run.Out, StringComparison.Ordinal);
        Assert.Equal("unknown", Results(dir.Path, "mutex.results.json").GetProperty("valid").GetString());
    }

    [Fact]
    public async Task Other_models_are_checked_by_the_search()
    {
        using var dir = new TempDir();
        var path = dir.File("register.jsonl");
        HistoryGenerator.Register(7, new GenOptions(4, 500)).WriteTo(path);
        var run = await HarnessRun.InProcessAsync("check", path, "--model", "register");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("register", Results(dir.Path, "register.results.json").GetProperty("model").GetString());
        Assert.False(Results(dir.Path, "register.results.json").TryGetProperty("failover", out _));
    }

    [Fact]
    public async Task Help_lists_the_verbs_options_and_examples()
    {
        var run = await HarnessRun.InProcessAsync("check", "--help");
        Assert.Equal(0, run.ExitCode);
        foreach (var word in new[] { "--model", "--out", "--time-limit", "--search", "Examples:" })
        {
            Assert.Contains(word, run.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task As_its_own_process_the_exit_code_reaches_the_shell()
    {
        using var dir = new TempDir();
        var path = StaleHistory(dir);
        var invalid = await HarnessRun.ProcessAsync("check", path);
        Assert.Equal(1, invalid.ExitCode);
        var usage = await HarnessRun.ProcessAsync("check", path, "--model", "x");
        Assert.Equal(64, usage.ExitCode);
    }
}
