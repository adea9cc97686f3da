using ElectionJepsen.Harness.Tests.Runtime;

namespace ElectionJepsen.Harness.Tests.Run.Contract;

/// <summary>
/// The Python sample on redis-py's Lock (examples/redis-py-lock): its package installed and
/// its program run by the harness from the folder alone. What a pause of its leader shows is
/// a row of the known-results suite (<c>RedisLockSampleRows</c>).
/// </summary>
[Collection(NamespacesCollection.Name)]
public sealed class RedisPyLockSampleTests() : SampleTests("redis-py-lock")
{
    [SkippableFact]
    public async Task The_redis_py_lock_sample_is_valid_without_faults_with_its_claims_writes_and_jobs_recorded()
    {
        var (run, results, history, dir) = await RunAsync("redis", "--time-limit", "12s");

        // redis-py's Lock gives no token: the verdict says what it could not judge.
        AssertValidWithoutTokens(run, results, history);
        var logs = Logs(dir);
        Assert.Contains("became leader", logs, StringComparison.Ordinal);
        Assert.Contains("resigned: the lock is released", logs, StringComparison.Ordinal);
    }
}
