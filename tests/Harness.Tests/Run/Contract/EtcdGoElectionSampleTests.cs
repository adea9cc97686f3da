using System.Text.Json;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Run.Contract;

/// <summary>
/// The Go sample on etcd's clientv3/concurrency Election (examples/etcd-go-election): its
/// packages installed, built offline in GOPATH mode and run by the harness from its folder
/// alone, against a real etcd cluster. What it shows under a pause is a known-results row.
/// </summary>
[Collection(NamespacesCollection.Name)]
public sealed class EtcdGoElectionSampleTests : IDisposable
{
    internal static readonly string Sample = Repository.Path(Path.Combine("examples", "etcd-go-election"));

    private readonly TempDir _store = new();

    public void Dispose() => _store.Dispose();

    [SkippableFact]
    public async Task Without_faults_it_is_valid_and_fully_judged_with_the_leader_keys_revision_as_its_token()
    {
        var (run, results, history, dir) = await ContractRunTests.RunAsync(_store, "--backend", "etcd", "--candidate", Sample, "--time-limit", "15s");

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.True(results.GetProperty("valid").GetBoolean(), run.Out);
        Assert.True(results.GetProperty("fully_judged").GetBoolean(), run.Out);
        var ops = history.Operations;
        var grant = Assert.Single(ops, o => o is { F: "acquire", Outcome: Outcome.Ok });
        Assert.True(grant.Output.Token > 0, "the grant carries the leader key's create revision");
        Assert.True(ops.Count(o => o is { F: "claim", Outcome: Outcome.Ok } && o.Output.Leader == true && o.Output.Token == grant.Output.Token) > 20, "the leader's claims carry its token");
        Assert.True(ops.Count(o => o is { F: "write", Outcome: Outcome.Ok } && o.Input.Token == grant.Output.Token) > 30, "writes accepted with the token");
        Assert.True(ops.Count(o => o is { F: "job", Outcome: Outcome.Ok }) >= 5, "jobs run");
        Assert.Contains(ops, o => o is { F: "release", Outcome: Outcome.Ok });

        var leader = history.ProcessName(grant.Process);
        Assert.Contains($"became leader with token {grant.Output.Token} (/leader-election/", await File.ReadAllTextAsync(Path.Combine(dir, "nodes", leader, "candidate.log")), StringComparison.Ordinal);

        // A Go binary reads the time without libc: the clock nemesis must say it cannot move it.
        var test = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "test.json"))).RootElement.GetProperty("candidate");
        Assert.Equal("etcd-go-election", test.GetProperty("name").GetString());
        Assert.Contains("Go binary", test.GetProperty("clock_unreachable").GetString(), StringComparison.Ordinal);
    }
}
