using System.Text.Json;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Run.Contract;

/// <summary>
/// The Java sample on Apache Curator's LeaderLatch (examples/curator-leaderlatch-java): its
/// packages installed, built with javac and run by the harness from its folder alone, against
/// a real ZooKeeper ensemble. What it shows under a pause is a known-results row.
/// </summary>
[Collection(NamespacesCollection.Name)]
public sealed class CuratorLeaderLatchSampleTests : IDisposable
{
    internal static readonly string Sample = Repository.Path(Path.Combine("examples", "curator-leaderlatch-java"));

    private readonly TempDir _store = new();

    public void Dispose() => _store.Dispose();

    [SkippableFact]
    public async Task Without_faults_it_is_valid_and_fully_judged_with_the_latch_znodes_sequence_as_its_token()
    {
        var (run, results, history, dir) = await ContractRunTests.RunAsync(_store, "--backend", "zookeeper", "--candidate", Sample, "--time-limit", "15s");

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.True(results.GetProperty("valid").GetBoolean(), run.Out);
        Assert.True(results.GetProperty("fully_judged").GetBoolean(), run.Out);
        var ops = history.Operations;
        var grant = Assert.Single(ops, o => o is { F: "acquire", Outcome: Outcome.Ok });
        Assert.True(grant.Output.Token >= 0, "the grant carries the znode's sequence number");
        Assert.True(ops.Count(o => o is { F: "claim", Outcome: Outcome.Ok } && o.Output.Leader == true && o.Output.Token == grant.Output.Token) > 20, "the leader's claims carry its token");
        Assert.True(ops.Count(o => o is { F: "write", Outcome: Outcome.Ok } && o.Input.Token == grant.Output.Token) > 30, "writes accepted with the token");
        Assert.True(ops.Count(o => o is { F: "job", Outcome: Outcome.Ok }) >= 5, "jobs run");
        Assert.Contains(ops, o => o is { F: "release", Outcome: Outcome.Ok });

        var leader = history.ProcessName(grant.Process);
        var log = await File.ReadAllTextAsync(Path.Combine(dir, "nodes", leader, "candidate.log"));
        Assert.Matches($"became leader with token {grant.Output.Token} \\(/leader-latch/_c_[0-9a-f-]+-latch-0*{grant.Output.Token}\\)", log);
        var test = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "test.json"))).RootElement.GetProperty("candidate");
        Assert.Equal("curator-leaderlatch-java", test.GetProperty("name").GetString());
        Assert.False(test.TryGetProperty("clock_unreachable", out var why) && why.ValueKind == JsonValueKind.String, "the JVM reads the time through libc");
    }
}
