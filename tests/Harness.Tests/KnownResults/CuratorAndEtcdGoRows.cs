using System.Globalization;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Tests.Run;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.KnownResults;

/// <summary>
/// Known results of two libraries as their users set them up (examples/), each with a fencing
/// token: under two pauses of the leader candidate, each three times its TTL; and etcd's
/// under a partition that cuts the leader off.
/// </summary>
internal static class CuratorAndEtcdGoRows
{
    public static IEnumerable<KnownResult> Rows()
    {
        // Curator's hasLeadership() is cleared only once the ZooKeeper client's thread has run
        // again and seen the session's silence, about 100 ms after the process resumes: every
        // pause (12 of 12, seeds 1, 2, 3 at 26 s and 1, 2 at 38 s) showed the woken leader
        // claiming, writing and running a job with its old token, and fencing refusing them.
        yield return new KnownResult("curator-leaderlatch-java (Curator's LeaderLatch): the leader paused past its TTL gives stale-leader, and fencing accepts no stale write", "zookeeper",
            i => PausedLeader("examples/curator-leaderlatch-java", i))
        {
            Detect = r => r.Kinds.Contains("stale-leader") ? null : $"no stale-leader (exit {r.ExitCode}: {string.Join(", ", r.Kinds)})",
            Safe = r => r.Kinds.Contains("stale-write-accepted") ? "fencing on, yet a stale write was accepted"
                : r.Refused.WritesRefused + r.Refused.JobsRefused == 0 ? "fencing refused nothing: the stale leader's writes were never put to it" : null,
        };

        // etcd's session notices its lease gone within milliseconds of the process resuming,
        // and whether the status question that waited is answered first is a race between
        // goroutines: stale-leader came in 7 of 14 pauses (4 of 5 runs at 26 s, seeds 1, 2, 3,
        // 5, 6), a refused write in fewer. Too close to call for a detection: the row asserts
        // only what must hold whatever the race, that fencing lets no stale write through.
        yield return new KnownResult("etcd-go-election (etcd's Go concurrency Election): the leader paused past its TTL, fencing accepts no stale write", "etcd",
            i => PausedLeader("examples/etcd-go-election", i))
        {
            Safe = r => r.Kinds.Contains("stale-write-accepted") ? "fencing on, yet a stale write was accepted" : null,
        };

        // The client's session deadline runs from when a keepalive's answer arrived and is
        // looked at once a second, so a leader cut off from etcd outlives its lease on the
        // server: the next leader is granted while it still says it leads (6 of 6 isolations,
        // seeds 1, 2, 3 at 20 s; the first isolation alone at 14 s: seed 1 too).
        yield return new KnownResult("etcd-go-election (etcd's Go concurrency Election): the leader cut off from etcd still leads when the next is granted: stale-leader", "etcd", i =>
            ["--candidate", Repository.Path("examples/etcd-go-election"), "--nemesis", "partition", "--partition-shape", "isolate-leader",
             "--ttl", "2s", "--nemesis-interval", "6s", "--time-limit", "14s", "--seed", (i + 1).ToString(CultureInfo.InvariantCulture)])
        {
            Detect = r => r.Kinds.Contains("stale-leader") ? null : $"no stale-leader (exit {r.ExitCode}: {string.Join(", ", r.Kinds)})",
        };
    }

    private static string[] PausedLeader(string folder, int i) =>
        ["--candidate", Repository.Path(folder), "--nemesis", "pause", "--ttl", "2s", "--nemesis-interval", "6s", "--time-limit", "26s",
         "--seed", Seeds.HittingCandidates(NemesisNames.Pause, TimeSpan.FromSeconds(26), skip: i).ToString(CultureInfo.InvariantCulture)];
}
