using System.Globalization;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Nemeses.Delay;
using ElectionJepsen.Harness.Nemeses.Partition;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Run;

/// <summary>The print direction: the options of a run as the command line that gives them again.</summary>
public sealed partial class RunOptionSet
{
    private const string On = "on";
    private const string Off = "off";
    private const string AllShapes = "all";
    private const string DefaultNamespace = "default";

    /// <summary>
    /// The arguments that give <paramref name="o"/> again (what the command line decides: not
    /// the store, the JUnit file or --verbose). The test's options are always written; the
    /// partition's, the servers' and the elector's when they are not the defaults, the
    /// cluster's when there is one, and the slow network's when the delay nemesis is among the
    /// faults. <paramref name="defaultScope"/> is the backend's partition scope.
    /// </summary>
    public IReadOnlyList<string> ToArguments(RunOptions o, PartitionScope defaultScope)
    {
        var args = new List<string>
        {
            Backend.Name, o.Backend,
            Nemesis.Name, o.Nemeses.Count == 0 ? NemesisNames.None : string.Join(',', o.Nemeses),
            Nodes.Name, o.Nodes.ToString(CultureInfo.InvariantCulture),
            TimeLimit.Name, Seconds(o.TimeLimit),
            NemesisInterval.Name, Seconds(o.NemesisInterval),
            Seed.Name, o.Seed.ToString(CultureInfo.InvariantCulture),
            Ttl.Name, Seconds(o.Ttl),
            Fencing.Name, o.Fencing ? On : Off,
        };

        // A scope is written unless it is all and all is the backend's default, so that a
        // rerun splits the same hosts whatever the backend's default.
        if (o.PartitionScope != PartitionScope.All || defaultScope != PartitionScope.All) args.AddRange([Scope.Name, PartitionScopes.Name(o.PartitionScope)]);
        if (!o.PartitionShapes.SequenceEqual(PartitionShapes.All)) args.AddRange([Shape.Name, string.Join(',', o.PartitionShapes)]);
        var servers = ServerSettings.Default;
        if (o.Servers.EtcdHeartbeat != servers.EtcdHeartbeat) args.AddRange([EtcdHeartbeat.Name, Millis(o.Servers.EtcdHeartbeat)]);
        if (o.Servers.EtcdElectionTimeout != servers.EtcdElectionTimeout) args.AddRange([EtcdElectionTimeout.Name, Millis(o.Servers.EtcdElectionTimeout)]);
        if (o.Servers.EtcdPreVote != servers.EtcdPreVote) args.AddRange([EtcdPreVote.Name, o.Servers.EtcdPreVote ? On : Off]);
        if (o.Servers.ZooKeeperTick != servers.ZooKeeperTick) args.AddRange([ZooKeeperTick.Name, Millis(o.Servers.ZooKeeperTick)]);
        if (o.ElectorRenewDeadline is { } rd) args.AddRange([RenewDeadline.Name, Millis(rd)]);
        if (o.ElectorRetryPeriod is { } rp) args.AddRange([RetryPeriod.Name, Millis(rp)]);
        if (o.Kubeconfig is { } kc) args.AddRange([Kubeconfig.Name, kc, KubernetesNamespace.Name, o.KubernetesNamespace]);
        if (o.Candidate is { } c) args.AddRange(c.Image is { } own ? [CandidateImage.Name, own] : [Candidate.Name, c.Shown]);
        if (o.Runtime != RuntimeNames.Local) args.AddRange([Runtime.Name, o.Runtime]);
        if (o.BaseImage is { } image) args.AddRange([BaseImage.Name, image]);
        if (o.Compose is { } compose)
        {
            args.AddRange([Compose.Name, compose.File, CandidateService.Name, compose.Service]);
            if (compose.Servers is { } listed) args.AddRange([ComposeServers.Name, string.Join(',', listed)]);
        }

        if (o.Delays) args.AddRange(DelayOptions.ToArguments(o.Delay));
        return args;
    }

    /// <summary>The command that reruns a test of <paramref name="o"/> from the repository's root, as a shell reads it.</summary>
    public string Rerun(RunOptions o, PartitionScope defaultScope) =>
        "dotnet run --project harness -- " + ShellWords.Join(ToArguments(o, defaultScope));

    private static string Seconds(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds}s");

    private static string Millis(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds}ms");
}
