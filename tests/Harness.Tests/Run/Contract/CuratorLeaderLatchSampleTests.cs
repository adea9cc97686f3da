using System.Text.Json;
using ElectionJepsen.Harness.Tests.Runtime;

namespace ElectionJepsen.Harness.Tests.Run.Contract;

/// <summary>
/// The Java sample on Apache Curator's LeaderLatch (examples/curator-leaderlatch-java): its
/// packages installed, built with javac and run by the harness from its folder alone, against
/// a real ZooKeeper ensemble. What it shows under a pause is a known-results row.
/// </summary>
[Collection(NamespacesCollection.Name)]
public sealed class CuratorLeaderLatchSampleTests() : SampleTests("curator-leaderlatch-java")
{
    [SkippableFact]
    public async Task Without_faults_it_is_valid_and_fully_judged_with_the_latch_znodes_sequence_as_its_token()
    {
        var (run, results, history, dir) = await RunAsync("zookeeper", "--time-limit", "15s");

        var grant = AssertValidWithTokens(run, results, history);
        Assert.True(grant.Output.Token >= 0, "the grant carries the znode's sequence number");
        Assert.Matches($"became leader with token {grant.Output.Token} \\(/leader-latch/_c_[0-9a-f-]+-latch-0*{grant.Output.Token}\\)", await LeaderLogAsync(history, grant, dir));
        var test = await AssertRecordedAsync(dir);
        Assert.False(test.TryGetProperty("clock_unreachable", out var why) && why.ValueKind == JsonValueKind.String, "the JVM reads the time through libc");
    }
}
