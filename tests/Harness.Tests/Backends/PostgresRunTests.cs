using System.Globalization;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Tests.Run;
using ElectionJepsen.Harness.Tests.Run.Contract;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Backends;

/// <summary>Whole runs of our recipe on the postgres backend: real hosts, a real PostgreSQL, the harness as its own process.</summary>
[Collection(NamespacesCollection.Name)]
public sealed class PostgresRunTests : IDisposable
{
    private readonly TempDir _store = new();

    public void Dispose() => _store.Dispose();

    [SkippableFact]
    public async Task Our_recipe_without_faults_is_valid_with_its_grants_claims_and_writes_carrying_tokens()
    {
        var (run, results, history, dir) = await ContractRunTests.RunAsync(_store, "--backend", "postgres", "--ttl", "2s", "--time-limit", "10s");

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.True(results.GetProperty("valid").GetBoolean());
        Assert.True(results.GetProperty("fully_judged").GetBoolean(), run.Out);
        var ops = history.Operations;
        Assert.Contains(ops, o => o is { F: "acquire", Outcome: Outcome.Ok } && o.Output.Token > 0);
        Assert.Contains(ops, o => o is { F: "acquire", Outcome: Outcome.Fail });
        Assert.Contains(ops, o => o is { F: "claim", Outcome: Outcome.Ok } && o.Output.Leader == true && o.Output.Token > 0);
        Assert.True(ops.Count(o => o is { F: "write", Outcome: Outcome.Ok } && o.Input.Token > 0) > 30, "writes with tokens accepted");
        Assert.StartsWith("postgres (PostgreSQL) ", System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "test.json"))).RootElement.GetProperty("versions").GetProperty("servers").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The session of a leader paused past its TTL goes idle, and the server drops it (the
    /// recipe's idle_session_timeout), its lock with it: another candidate is granted a higher
    /// token within about a TTL, and the leader wakes still believing it leads.
    /// </summary>
    [SkippableFact]
    public async Task A_leader_paused_past_its_ttl_loses_its_session_and_wakes_a_stale_leader_whose_writes_fencing_refuses()
    {
        var seed = Seeds.HittingCandidates(NemesisNames.Pause, TimeSpan.FromSeconds(14));
        var (run, results, _, _) = await ContractRunTests.RunAsync(_store, "--backend", "postgres", "--nemesis", "pause", "--ttl", "2s", "--nemesis-interval", "6s",
            "--time-limit", "14s", "--seed", seed.ToString(CultureInfo.InvariantCulture));

        Assert.True(run.ExitCode == 1, run.Out + run.Error);
        Assert.Contains("stale-leader", ContractRunTests.Kinds(results));
        Assert.DoesNotContain("stale-write-accepted", ContractRunTests.Kinds(results));
        Assert.True(results.GetProperty("fencing").GetProperty("writes_refused").GetInt64() + results.GetProperty("fencing").GetProperty("jobs_refused").GetInt64() > 0, run.Out);
        var failover = results.GetProperty("failover");
        Assert.True(failover.GetProperty("count").GetInt32() >= 1, run.Out);
        Assert.InRange(failover.GetProperty("max_ms").GetDouble(), 1000, 4000);
    }
}
