using System.Globalization;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Tests.Run;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.KnownResults;

/// <summary>
/// Known results of two libraries as their users set them up (examples/): Curator's LeaderLatch
/// on ZooKeeper and etcd's concurrency Election in Go. Each gives a fencing token, so a leader
/// paused past its TTL wakes believing it leads (its status answers before the library sees its
/// session gone), and fencing refuses what it then writes.
/// </summary>
internal static class CuratorAndEtcdGoRows
{
    public static IEnumerable<KnownResult> Rows()
    {
        yield return PausedLeader("curator-leaderlatch-java (Curator's LeaderLatch)", "zookeeper", "examples/curator-leaderlatch-java");
        yield return PausedLeader("etcd-go-election (etcd's Go concurrency Election)", "etcd", "examples/etcd-go-election");
    }

    /// <summary>Two pauses of the leader candidate, each twice its TTL: stale-leader, and no stale write accepted.</summary>
    private static KnownResult PausedLeader(string sample, string backend, string folder) =>
        new($"{sample}: the leader paused past its TTL gives stale-leader, and fencing accepts no stale write", backend, i =>
            ["--candidate", Repository.Path(folder), "--nemesis", "pause", "--ttl", "2s", "--nemesis-interval", "6s", "--time-limit", "26s",
             "--seed", Seeds.HittingCandidates(NemesisNames.Pause, TimeSpan.FromSeconds(26), skip: i).ToString(CultureInfo.InvariantCulture)])
        {
            Detect = r => r.Kinds.Contains("stale-leader") ? null : $"no stale-leader (exit {r.ExitCode}: {string.Join(", ", r.Kinds)})",
            Safe = r => r.Kinds.Contains("stale-write-accepted") ? "fencing on, yet a stale write was accepted"
                : r.Refused.WritesRefused + r.Refused.JobsRefused == 0 ? "fencing refused nothing: the stale leader's writes were never put to it" : null,
        };
}
