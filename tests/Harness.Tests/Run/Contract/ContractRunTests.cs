using System.Text.Json;
using System.Xml.Linq;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.TestSupport;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Harness.Tests.Run.Contract;

/// <summary>
/// Whole runs of candidates written against the contract (docs/candidate.md), in Python, kept
/// under tests/Candidates: real hosts, a real Redis, the harness as its own process.
/// </summary>
[Collection(NamespacesCollection.Name)]
public sealed class ContractRunTests : IDisposable
{
    private readonly TempDir _store = new();

    public void Dispose() => _store.Dispose();

    internal static string Candidate(string name) => Repository.Path(Path.Combine("tests", "Candidates", name));

    internal static async Task<(HarnessRun Run, JsonElement Results, HistoryT History, string Dir)> RunAsync(TempDir store, params string[] args)
    {
        await Packages.EnsureAsync([.. Prerequisites.Network, Prerequisites.Redis]);
        var run = await HarnessRun.ProcessAsync([.. args, "--store", store.Path]);
        var dir = Path.Combine(store.Path, "latest");
        Assert.True(Directory.Exists(dir), $"no run directory; exit {run.ExitCode}\n{run.Out}\n{run.Error}");
        Assert.True(File.Exists(Path.Combine(dir, "results.json")), $"no results; exit {run.ExitCode}\n{run.Out}\n{run.Error}");
        var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "results.json"))).RootElement;
        return (run, results, HistoryT.Load(Path.Combine(dir, "history.jsonl")), dir);
    }

    /// <summary>The operations of one process of the history (a host's name, or nemesis), in order of invocation.</summary>
    internal static IEnumerable<Operation> Of(HistoryT history, string process) => history.Operations.Where(o => history.Processes[o.Process] == process);

    internal static IEnumerable<string> Kinds(JsonElement results) =>
        results.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("kind").GetString()!);

    [SkippableFact]
    public async Task A_correct_candidate_without_faults_is_valid_with_its_claims_writes_and_jobs_recorded()
    {
        var junit = Path.Combine(_store.Path, "junit.xml");
        var (run, results, history, dir) = await RunAsync(_store, "--backend", "redis", "--candidate", Candidate("redis-lease-python"), "--time-limit", "20s", "--junit", junit);

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.True(results.GetProperty("valid").GetBoolean());
        Assert.True(results.GetProperty("fully_judged").GetBoolean(), run.Out);
        var ops = history.Operations;
        Assert.Contains(ops, o => o is { F: "acquire", Outcome: Outcome.Ok } && o.Output.Token > 0);
        Assert.True(ops.Count(o => o is { F: "claim", Outcome: Outcome.Ok }) > 100, "claims answered");
        Assert.Contains(ops, o => o is { F: "claim", Outcome: Outcome.Ok } && o.Output.Leader == true && o.Output.Token > 0);
        Assert.True(ops.Count(o => o is { F: "write", Outcome: Outcome.Ok }) > 50, "writes accepted");
        Assert.True(ops.Count(o => o is { F: "job", Outcome: Outcome.Ok }) >= 10, "jobs run");
        Assert.True(File.Exists(Path.Combine(dir, "nodes", "c1", "candidate.log")));
        Assert.Contains("became leader", string.Concat(Enumerable.Range(1, 5).Select(i => File.ReadAllText(Path.Combine(dir, "nodes", $"c{i}", "candidate.log")))), StringComparison.Ordinal);

        var test = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "test.json"))).RootElement;
        Assert.Equal("redis-lease-python", test.GetProperty("candidate").GetProperty("name").GetString());
        Assert.Contains("--candidate", test.GetProperty("rerun").GetString(), StringComparison.Ordinal);
        Assert.Contains("redis-lease-python on redis", await File.ReadAllTextAsync(Path.Combine(_store.Path, "index.html")), StringComparison.Ordinal);
        Assert.Contains("redis-lease-python on redis under none", await File.ReadAllTextAsync(Path.Combine(dir, "report.html")), StringComparison.Ordinal);
        var testCase = Assert.Single(XDocument.Load(junit).Descendants("testcase"));
        Assert.StartsWith("redis-lease-python on redis under none", (string?)testCase.Attribute("name"), StringComparison.Ordinal);
        var runId = test.GetProperty("run_id").GetString()!;
        Assert.Empty((await HarnessRun.HostsOfAsync(runId)).Namespaces);
    }

    [SkippableFact]
    public async Task A_candidate_that_claims_to_lead_whatever_happens_is_invalid()
    {
        var (run, results, _, _) = await RunAsync(_store, "--backend", "redis", "--candidate", Candidate("always-leader-python"), "--time-limit", "20s");

        Assert.True(run.ExitCode == 1, run.Out + run.Error);
        Assert.False(results.GetProperty("valid").GetBoolean());
        Assert.Contains(Kinds(results), k => k is "stale-leader" or "stale-write-accepted" or "duplicate-job");
    }

    [SkippableFact]
    public async Task A_candidate_without_tokens_is_never_called_simply_valid()
    {
        var (run, results, history, _) = await RunAsync(_store, "--backend", "redis", "--candidate", Candidate("no-token-python"), "--time-limit", "20s");

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.False(results.GetProperty("fully_judged").GetBoolean());
        var checks = results.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("check").GetString()!, c => c.GetProperty("ran").GetString());
        Assert.Equal("none", checks["token-reuse"]);
        Assert.Equal("all", checks["duplicate-job"]);
        Assert.Contains("verdict   valid (partly judged: ", run.Out, StringComparison.Ordinal);
        Assert.Contains(history.Operations, o => o is { F: "write", Outcome: Outcome.Ok } && o.Input.Token is null);
        Assert.Contains(history.Operations, o => o is { F: "claim", Outcome: Outcome.Ok } && o.Output.Leader == true && o.Output.Token is null);
    }

    /// <summary>
    /// The C# sample (examples/aspnet-distributedlock-redis): built by the harness, valid
    /// without faults, with its grants, claims and writes recorded. What its paused leader
    /// does depends on which timer wins when it wakes (the library's lease monitor or the
    /// sample's next write), so that is a rate, measured by the known-results row in
    /// RedisLockSampleRows, not one run's outcome.
    /// </summary>
    [SkippableFact]
    public async Task The_csharp_sample_is_valid_without_faults()
    {
        var sample = Repository.Path(Path.Combine("examples", "aspnet-distributedlock-redis"));
        var (run, results, history, _) = await RunAsync(_store, "--backend", "redis", "--candidate", sample, "--time-limit", "15s");
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.False(results.GetProperty("fully_judged").GetBoolean());
        Assert.Contains(history.Operations, o => o is { F: "acquire", Outcome: Outcome.Ok });
        Assert.Contains(history.Operations, o => o is { F: "claim", Outcome: Outcome.Ok } && o.Output.Leader == true && o.Output.Token is null);
        Assert.True(history.Operations.Count(o => o is { F: "write", Outcome: Outcome.Ok }) > 30, "writes accepted");
    }
}
