using ElectionJepsen.Harness.Tests.Runtime;

namespace ElectionJepsen.Harness.Tests.Run.Contract;

/// <summary>
/// The C# sample on RedLock.net (examples/redlock-net): built by the harness from the folder
/// (<c>dotnet publish</c>) and run against the five masters of <c>redlock</c>. What a pause of
/// its leader shows is a row of the known-results suite (<c>RedisLockSampleRows</c>).
/// </summary>
[Collection(NamespacesCollection.Name)]
public sealed class RedLockNetSampleTests() : SampleTests("redlock-net")
{
    [SkippableFact]
    public async Task The_redlock_net_sample_is_valid_without_faults_with_its_claims_writes_and_jobs_recorded()
    {
        var (run, results, history, dir) = await RunAsync("redlock", "--time-limit", "12s");

        // RedLock.net gives no token: the verdict says what it could not judge.
        AssertValidWithoutTokens(run, results, history);
        var logs = Logs(dir);
        Assert.Contains("became leader: lock", logs, StringComparison.Ordinal);
        Assert.Contains("Lock status: Acquired (Acquired: 5", logs, StringComparison.Ordinal);
    }
}
