using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Reports.Tests.Store;

public sealed class StoredRunTests
{
    [Theory]
    [InlineData(null, "local", true, "redis")]
    [InlineData(null, "docker", true, "redis, docker runtime")]
    [InlineData("redis-py-lock", "docker", false, "redis-py-lock on redis, docker runtime, fencing off")]
    [InlineData("redis-py-lock", "local", false, "redis-py-lock on redis, fencing off")]
    public void A_row_names_the_candidate_the_runtime_when_not_local_and_fencing_when_off(string? candidate, string runtime, bool fencing, string row)
    {
        var run = new StoredRun("20261130T031032-redis-none", "redis", "none", Validity.True) { Candidate = candidate, Runtime = runtime, Fencing = fencing };

        Assert.Equal(row, run.Row);
    }
}
