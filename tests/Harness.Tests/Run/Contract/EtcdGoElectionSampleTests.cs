using ElectionJepsen.Harness.Tests.Runtime;

namespace ElectionJepsen.Harness.Tests.Run.Contract;

/// <summary>
/// The Go sample on etcd's clientv3/concurrency Election (examples/etcd-go-election): its
/// packages installed, built offline in GOPATH mode and run by the harness from its folder
/// alone, against a real etcd cluster. What it shows under a pause is a known-results row.
/// </summary>
[Collection(NamespacesCollection.Name)]
public sealed class EtcdGoElectionSampleTests() : SampleTests("etcd-go-election")
{
    [SkippableFact]
    public async Task Without_faults_it_is_valid_and_fully_judged_with_the_leader_keys_revision_as_its_token()
    {
        var (run, results, history, dir) = await RunAsync("etcd", "--time-limit", "15s");

        var grant = AssertValidWithTokens(run, results, history);
        Assert.True(grant.Output.Token > 0, "the grant carries the leader key's create revision");
        Assert.Contains($"became leader with token {grant.Output.Token} (/leader-election/", await LeaderLogAsync(history, grant, dir), StringComparison.Ordinal);

        // A Go binary reads the time without libc: the clock nemesis must say it cannot move it.
        var test = await AssertRecordedAsync(dir);
        Assert.Contains("Go binary", test.GetProperty("clock_unreachable").GetString(), StringComparison.Ordinal);
    }
}
