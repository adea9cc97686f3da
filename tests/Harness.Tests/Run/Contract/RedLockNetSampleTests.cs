using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Run.Contract;

/// <summary>
/// The C# sample on RedLock.net (examples/redlock-net): built by the harness from the folder
/// (<c>dotnet publish</c>) and run against the five masters of <c>redlock</c>. What a pause of
/// its leader shows is a row of the known-results suite (<c>RedisLockSampleRows</c>).
/// </summary>
[Collection(NamespacesCollection.Name)]
public sealed class RedLockNetSampleTests : IDisposable
{
    private readonly TempDir _store = new();

    public void Dispose() => _store.Dispose();

    [SkippableFact]
    public async Task The_redlock_net_sample_is_valid_without_faults_with_its_claims_writes_and_jobs_recorded()
    {
        var sample = Repository.Path(Path.Combine("examples", "redlock-net"));
        var (run, results, history, dir) = await ContractRunTests.RunAsync(_store, "--backend", "redlock", "--candidate", sample, "--time-limit", "12s");

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.True(results.GetProperty("valid").GetBoolean());
        // RedLock.net gives no token: the verdict says what it could not judge.
        Assert.False(results.GetProperty("fully_judged").GetBoolean());
        var ops = history.Operations;
        Assert.Contains(ops, o => o is { F: "acquire", Outcome: Outcome.Ok });
        Assert.Contains(ops, o => o is { F: "claim", Outcome: Outcome.Ok } && o.Output.Leader == true && o.Output.Token is null);
        Assert.DoesNotContain(ops, o => o.F == "claim" && o.Output.Token is not null);
        Assert.True(ops.Count(o => o is { F: "write", Outcome: Outcome.Ok }) > 50, "writes accepted");
        Assert.True(ops.Count(o => o is { F: "job", Outcome: Outcome.Ok }) >= 5, "jobs run");
        Assert.Contains(ops, o => o is { F: "release", Outcome: Outcome.Ok });
        var logs = string.Concat(Enumerable.Range(1, 5).Select(i => File.ReadAllText(Path.Combine(dir, "nodes", $"c{i}", "candidate.log"))));
        Assert.Contains("became leader: lock", logs, StringComparison.Ordinal);
        Assert.Contains("Lock status: Acquired (Acquired: 5", logs, StringComparison.Ordinal);
    }
}
