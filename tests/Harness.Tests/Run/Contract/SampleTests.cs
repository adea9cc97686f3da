using System.Text.Json;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.TestSupport;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Harness.Tests.Run.Contract;

/// <summary>
/// A sample of examples/, run by the harness from its folder alone against real servers: each
/// sample's class names its folder, and its tests the backend, the options, and what the
/// sample shows beyond what every sample of its kind (with tokens or without) shows here.
/// </summary>
public abstract class SampleTests(string folder) : IDisposable
{
    private readonly TempDir _store = new();

    /// <summary>The sample's folder, under examples/ in the repository.</summary>
    protected string Sample => Repository.Path(Path.Combine("examples", folder));

    public void Dispose()
    {
        _store.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Runs <c>--backend BACKEND --candidate SAMPLE</c> and then <paramref name="options"/>, as its own process.</summary>
    protected Task<(HarnessRun Run, JsonElement Results, HistoryT History, string Dir)> RunAsync(string backend, params string[] options) =>
        ContractRunTests.RunAsync(_store, ["--backend", backend, "--candidate", Sample, .. options]);

    /// <summary>
    /// What a sample whose library gives a fencing token shows without faults: exit 0, valid and
    /// fully judged; one grant, whose token the leader's claims and its accepted writes carry;
    /// jobs run, and a release. Returns the grant.
    /// </summary>
    protected static Operation AssertValidWithTokens(HarnessRun run, JsonElement results, HistoryT history)
    {
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.True(results.GetProperty("valid").GetBoolean(), run.Out);
        Assert.True(results.GetProperty("fully_judged").GetBoolean(), run.Out);
        var ops = history.Operations;
        var grant = Assert.Single(ops, o => o is { F: "acquire", Outcome: Outcome.Ok });
        Assert.True(ops.Count(o => o is { F: "claim", Outcome: Outcome.Ok } && o.Output.Leader == true && o.Output.Token == grant.Output.Token) > 20, "the leader's claims carry its token");
        Assert.True(ops.Count(o => o is { F: "write", Outcome: Outcome.Ok } && o.Input.Token == grant.Output.Token) > 30, "writes accepted with the token");
        Assert.True(ops.Count(o => o is { F: "job", Outcome: Outcome.Ok }) >= 5, "jobs run");
        Assert.Contains(ops, o => o is { F: "release", Outcome: Outcome.Ok });
        return grant;
    }

    /// <summary>
    /// What a sample whose library gives no token shows without faults: exit 0 and valid, but not
    /// fully judged (the verdict says what it could not judge); a grant, the leader's claims
    /// without a token and none with one, writes accepted, jobs run, and a release.
    /// </summary>
    protected static void AssertValidWithoutTokens(HarnessRun run, JsonElement results, HistoryT history)
    {
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.True(results.GetProperty("valid").GetBoolean());
        Assert.False(results.GetProperty("fully_judged").GetBoolean());
        var ops = history.Operations;
        Assert.Contains(ops, o => o is { F: "acquire", Outcome: Outcome.Ok });
        Assert.Contains(ops, o => o is { F: "claim", Outcome: Outcome.Ok } && o.Output.Leader == true && o.Output.Token is null);
        Assert.DoesNotContain(ops, o => o.F == "claim" && o.Output.Token is not null);
        Assert.True(ops.Count(o => o is { F: "write", Outcome: Outcome.Ok }) > 50, "writes accepted");
        Assert.True(ops.Count(o => o is { F: "job", Outcome: Outcome.Ok }) >= 5, "jobs run");
        Assert.Contains(ops, o => o is { F: "release", Outcome: Outcome.Ok });
    }

    /// <summary>The log of the candidate <paramref name="grant"/> went to.</summary>
    protected static Task<string> LeaderLogAsync(HistoryT history, Operation grant, string dir) =>
        File.ReadAllTextAsync(Path.Combine(dir, "nodes", history.ProcessName(grant.Process), "candidate.log"));

    /// <summary>Every candidate's log, c1 to c5, one after another.</summary>
    protected static string Logs(string dir) =>
        string.Concat(Enumerable.Range(1, 5).Select(i => File.ReadAllText(Path.Combine(dir, "nodes", $"c{i}", "candidate.log"))));

    /// <summary>The candidate as the run's test.json records it, which must name the sample's folder.</summary>
    protected async Task<JsonElement> AssertRecordedAsync(string dir)
    {
        var candidate = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "test.json"))).RootElement.GetProperty("candidate");
        Assert.Equal(folder, candidate.GetProperty("name").GetString());
        return candidate;
    }
}
