using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Nemeses.Delay;
using ElectionJepsen.Harness.Nemeses.Partition;

namespace ElectionJepsen.Harness.Run;

/// <summary>Everything a run was asked to do; stored in test.json.</summary>
public sealed record RunOptions(
    string Backend,
    IReadOnlyList<string> Nemeses,
    int Nodes,
    TimeSpan TimeLimit,
    TimeSpan NemesisInterval,
    int Seed,
    TimeSpan Ttl,
    bool Fencing,
    string Store,
    bool Verbose)
{
    public TimeSpan ClaimInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Which hosts partitions split.</summary>
    public PartitionScope PartitionScope { get; init; } = PartitionScope.All;

    /// <summary>The partition shapes to draw from (all of them by default).</summary>
    public IReadOnlyList<string> PartitionShapes { get; init; } = global::ElectionJepsen.Harness.Nemeses.Partition.PartitionShapes.All;

    /// <summary>How the servers are tuned.</summary>
    public ServerSettings Servers { get; init; } = ServerSettings.Default;

    /// <summary>kubernetes: the elector's renew deadline and retry period, when not the default proportions of the TTL (10/15, 2/15).</summary>
    public TimeSpan? ElectorRenewDeadline { get; init; }

    public TimeSpan? ElectorRetryPeriod { get; init; }

    /// <summary>kubernetes: a real cluster's kubeconfig, instead of the local Lease API; null for local.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>kubernetes with a kubeconfig: the namespace of the run's Lease.</summary>
    public string KubernetesNamespace { get; init; } = "default";

    /// <summary>A candidate of the contract (<c>--candidate</c>, docs/candidate.md) instead of ours; null for ours.</summary>
    public CandidateManifest? Candidate { get; init; }

    /// <summary>What the hosts are made of (<see cref="Runtime.RuntimeNames"/>).</summary>
    public string Runtime { get; init; } = global::ElectionJepsen.Harness.Runtime.RuntimeNames.Local;

    /// <summary>docker: the image the harness's images are built on; null for the default.</summary>
    public string? BaseImage { get; init; }

    /// <summary>A user's own compose project to test instead of hosts the harness makes (<c>--compose</c>); null for none.</summary>
    public Compose.UserCompose? Compose { get; init; }

    /// <summary>Where to write JUnit XML of the verdict as well, or null.</summary>
    public string? Junit { get; init; }

    /// <summary>The slow network of the delay nemesis.</summary>
    public DelayProfile Delay { get; init; } = DelayProfile.Default;

    /// <summary>Whether the delay nemesis is among the faults, alone or with others.</summary>
    public bool Delays => Nemeses.Any(n => NemesisNames.Parts(n).Contains(NemesisNames.Delay));

    public TimeSpan WriteInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan JobInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A claim with no answer by then is recorded as info.</summary>
    public TimeSpan ClaimTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>After the final heal, so that the last failover completes: a TTL and two seconds.</summary>
    public TimeSpan QuietPeriod => Ttl + TimeSpan.FromSeconds(2);

    public string NemesisText => Nemeses.Count == 0 ? "none" : string.Join(',', Nemeses);
}
