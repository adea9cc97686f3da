using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Backends.Kubernetes;
using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Nemeses.Delay;
using ElectionJepsen.Harness.Nemeses.Partition;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Harness.Run;

/// <summary>What test.json (<see cref="TestJson"/>, its owner) records of a run: the options, the seed, the versions, and the command that reruns it.</summary>
public static class TestRecord
{
    public static TestJson Of(RunOptions o, string runId, IBackend backend, string serversVersion, IEnumerable<string> commandLine, DateTime startedUtc) => new()
    {
        RunId = runId,
        Backend = o.Backend,
        Nemeses = o.Nemeses,
        Nodes = o.Nodes,
        TimeLimitS = o.TimeLimit.TotalSeconds,
        NemesisIntervalS = o.NemesisInterval.TotalSeconds,
        Seed = o.Seed,
        TtlMs = o.Ttl.TotalMilliseconds,
        Fencing = o.Fencing,
        Runtime = o.Runtime,
        ClaimIntervalMs = o.ClaimInterval.TotalMilliseconds,
        WriteIntervalMs = o.WriteInterval.TotalMilliseconds,
        JobIntervalMs = o.JobInterval.TotalMilliseconds,
        ClaimTimeoutMs = o.ClaimTimeout.TotalMilliseconds,
        PartitionScope = PartitionScopes.Name(o.PartitionScope),
        Delay = o.Delays ? Delay(o.Delay) : null,
        PartitionShapes = o.PartitionShapes,
        Servers = new ServerTuning(
            o.Servers.EtcdHeartbeat.TotalMilliseconds, o.Servers.EtcdElectionTimeout.TotalMilliseconds, o.Servers.EtcdPreVote, o.Servers.ZooKeeperTick.TotalMilliseconds),
        Candidate = o.Candidate is { } c ? new CandidateRecord(c.Name, c.Directory, c.Run, CandidateProgram.ClockUnreachable(c), c.Image) : null,
        Kubernetes = backend is ClusterBackend cluster
            ? new KubernetesCluster(cluster.Kubeconfig, cluster.Server.ToString(), cluster.Namespace, ClusterBackend.LeaseOf(runId))
            : null,
        Started = new DateTimeOffset(startedUtc, TimeSpan.Zero),
        Versions = new Versions(serversVersion, Environment.Version.ToString(), Environment.OSVersion.VersionString),
        Command = string.Join(' ', commandLine),
        Rerun = new RunOptionSet().Rerun(o, backend.DefaultPartitionScope),
    };

    private static DelaySettings Delay(DelayProfile d) =>
        new(d.Delay.TotalMilliseconds, d.Jitter.TotalMilliseconds, d.Distribution.ToString().ToLowerInvariant(), d.Duplicate, d.Loss);
}
