using System.Globalization;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Tests.Run;
using ElectionJepsen.Harness.Tests.Run.Contract;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.KnownResults;

/// <summary>
/// The postgres backend's known results: our recipe, whose session asks the server to drop it
/// after a TTL of silence, and DistributedLock.Postgres as its documentation uses it, whose
/// session the server keeps however long its holder sleeps.
/// </summary>
internal static class PostgresRows
{
    private static string S(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string[] Pause(int i) =>
        ["--nemesis", "pause", "--ttl", "2s", "--nemesis-interval", "6s", "--time-limit", "20s",
         "--seed", S(Seeds.HittingCandidates(NemesisNames.Pause, TimeSpan.FromSeconds(20), skip: i))];

    public static IEnumerable<KnownResult> Rows()
    {
        yield return new KnownResult("postgres: no fault gives valid", "postgres", _ => ["--nemesis", "none", "--ttl", "2s", "--time-limit", "8s"])
        {
            // Every push's CI runs our recipe without faults in PostgresRunTests.
            FullOnly = true,
            Safe = r => r.ExitCode != 0 ? $"exit {r.ExitCode}: {string.Join(", ", r.Kinds)}"
                : !r.History.Operations.Any(o => o.F == "claim" && o.Output.Leader == true && o.Output.Token > 0) ? "valid, but nobody ever led with a token"
                : null,
        };

        // Kleppmann's paused client, on a lock that lives as long as a session: the server drops
        // the paused leader's idle session at its TTL, another is granted, and the leader wakes
        // believing it leads.
        // Every push's CI runs the same finding in PostgresRunTests; the row gives its rate.
        yield return new KnownResult("postgres: the leader paused past its TTL gives stale-leader, and fencing accepts no stale write", "postgres", Pause)
        {
            FullOnly = true,
            Detect = r => r.Kinds.Contains("stale-leader") ? null : $"no stale-leader (exit {r.ExitCode}: {string.Join(", ", r.Kinds)})",
            Safe = r => r.Kinds.Contains("stale-write-accepted") ? "fencing on, yet a stale write was accepted"
                : r.Refused.WritesRefused + r.Refused.JobsRefused == 0 ? "fencing refused nothing: the stale leader's writes were never put to it" : null,
        };

        // "When the lock's holder hangs, the lock hangs with it": nobody leads while it sleeps.
        yield return new KnownResult("aspnet-distributedlock-postgres: the lock hangs with its paused leader, nobody leading for most of the pause", "postgres", i =>
            ["--candidate", Repository.Path("examples/aspnet-distributedlock-postgres"), .. Pause(i)])
        {
            FullOnly = true,
            Detect = r =>
            {
                var (leaderless, pause) = (r.WithoutLeader, PostgresSampleRunTests.PauseLength(r.History));
                return leaderless >= pause * 0.8 ? null : $"the longest time without a leader was {leaderless.TotalSeconds:0.0} s of a {pause.TotalSeconds:0.0} s pause";
            },
        };

        // DistributedLock watches the holding connection with a long pg_sleep, during which
        // PostgreSQL does not look at the client's socket: a killed leader's session, and the
        // lock, outlive it until the sleep ends (up to a minute).
        yield return new KnownResult("aspnet-distributedlock-postgres: a killed leader's session keeps the lock, nobody granted it for 5 s after the kill", "postgres", i =>
            ["--candidate", Repository.Path("examples/aspnet-distributedlock-postgres"), "--nemesis", "kill", "--ttl", "2s", "--nemesis-interval", "6s", "--time-limit", "20s",
             "--seed", S(Seeds.HittingCandidates(NemesisNames.Kill, TimeSpan.FromSeconds(20), skip: i))])
        {
            FullOnly = true,
            Detect = r => GrantAfterKilledLeader(r.History, TimeSpan.FromSeconds(5)),
        };
    }

    /// <summary>Null when nobody was granted the lock within <paramref name="within"/> of the first kill of the leading candidate; else what was seen.</summary>
    private static string? GrantAfterKilledLeader(ElectionJepsen.Checkers.History.History history, TimeSpan within)
    {
        var ops = history.Operations;
        var kill = ops.FirstOrDefault(o => o is { F: "kill", Outcome: Outcome.Ok } && o.Output.ToJson()!.Contains("\"leader\":true", StringComparison.Ordinal));
        if (kill.F is null) return "the leader was never killed";
        var until = kill.CompleteTime + (long)within.TotalNanoseconds;
        var grant = ops.FirstOrDefault(o => o is { F: "acquire", Outcome: Outcome.Ok } && o.CompleteTime > kill.CompleteTime && o.CompleteTime <= until);
        return grant.F is null ? null : $"{history.ProcessName(grant.Process)} was granted the lock {(grant.CompleteTime - kill.CompleteTime) / 1e9:0.00} s after the leader was killed";
    }
}
