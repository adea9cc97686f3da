using System.Xml.Linq;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Run;

[Collection(NamespacesCollection.Name)]
public sealed class MatrixTests : IDisposable
{
    private readonly TempDir _store = new();

    public void Dispose() => _store.Dispose();

    [Theory]
    [InlineData(new[] { 0, 0 }, 0)]
    [InlineData(new[] { 0, 1, 0 }, 1)]
    [InlineData(new[] { 1, 2, 1 }, 2)]
    [InlineData(new[] { 2, 69, 1 }, 69)]
    [InlineData(new[] { 70, 64, 0 }, 70)]
    [InlineData(new int[0], 0)]
    public void The_exit_code_of_a_matrix_is_the_worst_of_its_runs(int[] codes, int worst) =>
        Assert.Equal(worst, MatrixRun.Worst(codes));

    [Fact]
    public async Task Two_backends_run_one_after_the_other_each_in_the_store_with_one_summary_and_junit()
    {
        var junit = Path.Combine(_store.Path, "junit.xml");

        // The expectations ask redlock for a violation it will not show: exit 1, with why.
        var expect = Path.Combine(_store.Path, "expect.txt");
        await File.WriteAllTextAsync(expect, "redis * valid no:stale-leader\nredlock none invalid   # not so\n");
        var run = await HarnessRun.ProcessAsync("--backend", "redis,redlock", "--nemesis", "none", "--time-limit", "3s", "--ttl", "1s", "--seed", "5", "--store", _store.Path, "--junit", junit, "--expect", expect);

        Assert.True(run.ExitCode == 1, run.Out + run.Error);
        Assert.Contains("expected  1 of 2 runs as ", run.Out, StringComparison.Ordinal);
        Assert.Contains("  unexpected: redlock under none: valid, not invalid (expected invalid by line 2)", run.Out, StringComparison.Ordinal);
        Assert.Contains("exit      1 (a run not as expected)", run.Out, StringComparison.Ordinal);
        Assert.Contains("matrix: 2 backends × 1 nemesis = 2 runs of 3 s each, seed 5", run.Out, StringComparison.Ordinal);
        Assert.Contains("=== run 1 of 2: redis under none", run.Out, StringComparison.Ordinal);
        Assert.Contains("=== run 2 of 2: redlock under none", run.Out, StringComparison.Ordinal);
        Assert.Contains("  redis    valid", run.Out, StringComparison.Ordinal);
        Assert.Contains("  redlock  valid", run.Out, StringComparison.Ordinal);
        var runs = Directory.GetDirectories(_store.Path).Select(Path.GetFileName).Where(n => n != "latest").Order().ToList();
        Assert.Equal(2, runs.Count);
        Assert.EndsWith("-redis-none", runs[0]);
        Assert.EndsWith("-redlock-none", runs[1]);
        var index = await File.ReadAllTextAsync(Path.Combine(_store.Path, "index.html"));
        foreach (var r in runs) Assert.Contains($"href=\"{r}/report.html\">valid</a>", index, StringComparison.Ordinal);
        var cases = XDocument.Load(junit).Descendants("testcase").Select(c => (string)c.Attribute("name")!).ToList();
        Assert.Equal(["redis under none, seed 5", "redlock under none, seed 5"], cases);
    }

    [Fact]
    public void Expectations_judge_a_run_by_the_first_line_that_matches_it()
    {
        var file = _store.File("e.txt", "# comment\nraft * any no:stale-write-accepted\n* pause invalid has:stale-leader\n* * valid\n");
        var e = Expectations.Load(file);
        CheckResult Result(Validity v, params string[] kinds) =>
            new(v, "fenced-lease", new HistorySummary(0, 0, []), [.. kinds.Select(k => new Violation(k, "leader", [], [], [], null, k))]);

        Assert.Null(e.Judge(["raft"], "pause", Result(Validity.False, "stale-leader")));
        Assert.Equal("stale-write-accepted (1) (expected any no:stale-write-accepted by line 2)", e.Judge(["raft"], "kill", Result(Validity.False, "stale-write-accepted")));
        Assert.Null(e.Judge(["redis"], "pause", Result(Validity.False, "stale-leader", "duplicate-job")));
        Assert.Equal("valid, not invalid, no stale-leader (expected invalid has:stale-leader by line 3)", e.Judge(["redis"], "pause", Result(Validity.True)));
        Assert.Equal("the run ended before its check (expected valid by line 4)", e.Judge(["etcd"], "none", null));
    }

    [Fact]
    public void A_candidates_row_is_matched_by_its_slug_or_its_slug_and_backend_never_by_the_backend_alone()
    {
        var file = _store.File("c.txt", "redis none valid\nmine@etcd none unknown\nmine none invalid has:duplicate-job\n");
        var e = Expectations.Load(file);
        var valid = new CheckResult(Validity.True, "fenced-lease", new HistorySummary(0, 0, []), []);

        Assert.Null(e.Judge(["redis"], "none", valid));
        Assert.Equal("valid, not unknown (expected unknown by line 2)", e.Judge(["mine@etcd", "mine"], "none", valid));
        Assert.Equal("valid, not invalid, no duplicate-job (expected invalid has:duplicate-job by line 3)", e.Judge(["mine@redis", "mine"], "none", valid));
    }

    [Theory]
    [InlineData("redis none fine\n", "line 1: \"fine\" is not an expectation: valid, invalid, unknown, any, has:KIND or no:KIND")]
    [InlineData("redis none\n", "line 1: a line is BACKEND NEMESIS EXPECTATION... (* for any)")]
    [InlineData("# nothing\n", "no expectations in it")]
    public void A_bad_expectations_file_is_a_usage_error_naming_its_line(string text, string message)
    {
        var file = _store.File("bad.txt", text);
        var e = Assert.Throws<ElectionJepsen.Harness.Cli.UsageException>(() => Expectations.Load(file));
        Assert.EndsWith(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "--backend", "redis,nope" }, "error: --backend \"nope\" is not a backend; the backends are redis, redlock, etcd, etcd-unchecked, zookeeper, kubernetes, postgres, raft, bully, ring (one, a comma list, or all)")]
    [InlineData(new[] { "--backend", "all", "--kubeconfig", "/nonexistent" }, "error: --kubeconfig runs one test against one cluster: give --backend kubernetes and one nemesis, not a matrix or --expect")]
    public async Task A_matrix_that_cannot_run_is_a_usage_error_in_one_line(string[] args, string message)
    {
        var run = await HarnessRun.InProcessAsync([.. args, "--store", _store.Path]);
        Assert.Equal(64, run.ExitCode);
        Assert.Equal(message, run.Error.Trim());
        Assert.Empty(Directory.GetDirectories(_store.Path));
    }
}
