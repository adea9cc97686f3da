using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.TestSupport;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Tests.Run;

/// <summary>
/// The nightly's <c>.ci/expected-verdicts.txt</c>: it reads, it expects something of every
/// row the night runs (each backend's recipe, each sample of <c>examples/</c> on its first
/// backend) under every nemesis, and it holds the samples without tokens to nothing fencing
/// would have stopped, while still holding our recipes to it.
/// </summary>
public sealed class ExpectedVerdictsFileTests
{
    private static readonly Expectations File = Expectations.Load(Repository.Path(Path.Combine(".ci", "expected-verdicts.txt")));

    private static readonly string[] Nemeses = [NemesisNames.None, .. NemesisNames.Faults];

    /// <summary>The samples whose libraries give no fencing token, as their READMEs say.</summary>
    private static readonly string[] Tokenless = ["aspnet-distributedlock-redis", "aspnet-distributedlock-postgres", "redis-py-lock", "redlock-net"];

    private static IEnumerable<CandidateManifest> Samples() =>
        CandidateManifest.FoldersIn(Repository.Path("examples")).Select(CandidateManifest.Read);

    private static IReadOnlyList<string> Names(CandidateManifest sample) => [$"{sample.Slug}@{sample.Backends[0]}", sample.Slug];

    private static CheckResult Result(Validity valid, params string[] kinds) =>
        new(valid, "fenced-lease", new HistorySummary(0, 0, []), [.. kinds.Select(k => new Violation(k, "leader", [], [], [], null, k))]);

    [Fact]
    public void Every_row_the_night_runs_is_expected_something_under_every_nemesis()
    {
        var rows = BackendNames.All.Select(b => (IReadOnlyList<string>)[b]).Concat(Samples().Select(Names)).ToList();
        Assert.True(rows.Count >= BackendNames.All.Count + 6, $"{rows.Count} rows");
        foreach (var row in rows)
        {
            foreach (var nemesis in Nemeses)
            {
                var judged = File.Judge(row, nemesis, Result(Validity.False, "stale-leader"));
                Assert.False(judged?.StartsWith("no line of", StringComparison.Ordinal) ?? false, judged);
            }

            Assert.Null(File.Judge(row, NemesisNames.None, Result(Validity.True)));
            Assert.NotNull(File.Judge(row, NemesisNames.None, Result(Validity.False, "stale-leader")));
        }
    }

    [Fact]
    public void Only_the_samples_without_tokens_may_let_a_paused_leaders_stale_write_through()
    {
        var staleWrite = Result(Validity.False, "stale-leader", "stale-write-accepted");
        var samples = Samples().ToList();
        Assert.All(Tokenless, t => Assert.Contains(samples, s => s.Slug == t));
        foreach (var sample in samples)
        {
            var judged = File.Judge(Names(sample), NemesisNames.Pause, staleWrite);
            if (Tokenless.Contains(sample.Slug)) Assert.Null(judged);
            else Assert.Contains("stale-write-accepted", judged, StringComparison.Ordinal);
        }

        foreach (var backend in BackendNames.All)
        {
            Assert.Contains("stale-write-accepted", File.Judge([backend], NemesisNames.Pause, staleWrite), StringComparison.Ordinal);
        }
    }
}
