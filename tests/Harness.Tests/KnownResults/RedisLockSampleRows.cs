using System.Globalization;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Tests.Run;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.KnownResults;

/// <summary>
/// The samples on Redis lock libraries that hand out no fencing token, redis-py's Lock
/// (examples/redis-py-lock), RedLock.net (examples/redlock-net) and DistributedLock.Redis
/// (examples/aspnet-distributedlock-redis), their leader paused past
/// its TTL: each wakes believing it still holds the lock, says so, and writes until the
/// library's next renewal finds the lock gone; with no token nothing refuses those writes.
/// Measured over the seeds 1, 2 and 3 (26 s, TTL 2 s, a pause every 6 s): stale-leader and
/// stale-write-accepted in 3 of 3 runs for each of the first two. DistributedLock.Redis
/// races its lease monitor against the sample's next write when the leader wakes: the
/// 60 s run of the README's table had stale writes after each of its 3 pauses, one run
/// under CI's load had none after either of its 2; its row asks for the suite's rate.
/// </summary>
internal static class RedisLockSampleRows
{
    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(26);

    public static IEnumerable<KnownResult> Rows()
    {
        yield return Paused("redis-py-lock", "redis");
        yield return Paused("redlock-net", "redlock");
        yield return Paused("aspnet-distributedlock-redis", "redis");
    }

    private static KnownResult Paused(string sample, string backend) =>
        new($"{sample} (a sample without tokens): the leader paused past its TTL gives stale-leader and its stale writes are accepted", backend, i =>
            ["--candidate", Repository.Path(Path.Combine("examples", sample)), "--nemesis", "pause", "--ttl", "2s", "--nemesis-interval", "6s",
             "--time-limit", $"{TimeLimit.TotalSeconds:0}s",
             "--seed", Seeds.HittingCandidates(NemesisNames.Pause, TimeLimit, skip: i).ToString(CultureInfo.InvariantCulture)])
        {
            Detect = r => r.Kinds.Contains("stale-leader") && r.Kinds.Contains("stale-write-accepted") ? null
                : $"not both stale-leader and stale-write-accepted (exit {r.ExitCode}: {string.Join(", ", r.Kinds)})",
            // No token anywhere: nothing the ledger could refuse, and no claim may carry one.
            Safe = r => r.Refused.WritesRefused + r.Refused.JobsRefused != 0 ? "fencing refused a write, yet the sample sends no token"
                : r.History.Operations.Any(o => o.F == "claim" && o.Output.Token is not null) ? "a claim carried a token, yet the library gives none"
                : null,
        };
}
