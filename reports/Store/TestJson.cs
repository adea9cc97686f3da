namespace ElectionJepsen.Reports.Store;

/// <summary>
/// test.json: what a run was asked to do (the options, the seed), what it ran on (the
/// versions), the command line it was given and the command that reruns it. The run writes
/// it (<see cref="Write(string)"/>) before it starts anything; the comparison page and the
/// run's report read it (<see cref="Read(string)"/>). Durations are in the unit their name
/// ends in. Read from a file of elsewhere, what is absent or of another type is null.
/// </summary>
public sealed partial record TestJson
{
    public string? RunId { get; init; }

    public string? Backend { get; init; }

    /// <summary>The faults drawn in turn (each one or several joined by +); empty for none.</summary>
    public IReadOnlyList<string> Nemeses { get; init; } = [];

    public int? Nodes { get; init; }

    public double? TimeLimitS { get; init; }

    public double? NemesisIntervalS { get; init; }

    public long? Seed { get; init; }

    public double? TtlMs { get; init; }

    /// <summary>Whether the ledger fenced; a file that does not say reads as fenced.</summary>
    public bool Fencing { get; init; } = true;

    /// <summary>What the hosts were made of; a file that does not say was a run of network namespaces.</summary>
    public string Runtime { get; init; } = LocalRuntime;

    /// <summary>The runtime of network namespaces on the machine itself, every run's before there was another.</summary>
    public const string LocalRuntime = "local";

    public double? ClaimIntervalMs { get; init; }

    public double? WriteIntervalMs { get; init; }

    public double? JobIntervalMs { get; init; }

    public double? ClaimTimeoutMs { get; init; }

    public string? PartitionScope { get; init; }

    /// <summary>The slow network, when the delay nemesis was among the faults.</summary>
    public DelaySettings? Delay { get; init; }

    public IReadOnlyList<string> PartitionShapes { get; init; } = [];

    public ServerTuning? Servers { get; init; }

    /// <summary>The candidate of the contract that ran (docs/candidate.md), or null for ours.</summary>
    public CandidateRecord? Candidate { get; init; }

    /// <summary>The real cluster, for kubernetes with a kubeconfig.</summary>
    public KubernetesCluster? Kubernetes { get; init; }

    public DateTimeOffset? Started { get; init; }

    public Versions? Versions { get; init; }

    /// <summary>The arguments the harness was given, as one line.</summary>
    public string? Command { get; init; }

    /// <summary>The command that reruns the test.</summary>
    public string? Rerun { get; init; }

    /// <summary>
    /// As read: the fields a report shows, each as the file holds it (a file from elsewhere
    /// may hold anything, and it is shown as it is); empty for a record not read from a file.
    /// </summary>
    public IReadOnlyList<(string Name, string Value)> Fields { get; init; } = [];

    /// <summary>As read: every version the file lists, by name, as it holds them.</summary>
    public IReadOnlyList<(string Name, string Value)> VersionFields { get; init; } = [];
}

public sealed record DelaySettings(double DelayMs, double JitterMs, string Distribution, double Duplicate, double Loss);

public sealed record ServerTuning(double EtcdHeartbeatMs, double EtcdElectionTimeoutMs, bool EtcdPreVote, double ZooKeeperTickMs);

/// <summary>
/// A candidate of the contract: its name, its folder, its program, and why its clock could
/// not be moved (null when it could); or (<see cref="Image"/>) an image of the user's, whose
/// folder and program are empty.
/// </summary>
public sealed record CandidateRecord(string Name, string Directory, IReadOnlyList<string> Run, string? ClockUnreachable, string? Image = null);

public sealed record KubernetesCluster(string Kubeconfig, string Server, string Namespace, string Lease);

public sealed record Versions(string? Servers, string? Dotnet, string? Kernel);
