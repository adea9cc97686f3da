namespace ElectionJepsen.Workloads.Candidate;

/// <summary>What a candidate was told to do.</summary>
public sealed record CandidateOptions(
    string Node,
    string Backend,
    string ControlSocket,
    IReadOnlyList<string> Servers,
    TimeSpan Ttl,
    TimeSpan WriteInterval,
    TimeSpan JobInterval,
    TimeSpan CallTimeout)
{
    /// <summary>raft, bully, ring: every candidate as NAME=ADDRESS:PORT, comma separated.</summary>
    public string Peers { get; init; } = string.Empty;

    /// <summary>kubernetes: a real cluster's kubeconfig; null for the local Lease API named by the servers.</summary>
    public string? Kubeconfig { get; init; }

    /// <summary>kubernetes: the Lease's namespace and name.</summary>
    public string Namespace { get; init; } = "default";

    public string Lease { get; init; } = "electionjepsen";

    /// <summary>kubernetes: overrides of the elector's renew deadline and retry period.</summary>
    public TimeSpan? RenewDeadline { get; init; }

    public TimeSpan? RetryPeriod { get; init; }

    /// <summary>This candidate's own disk.</summary>
    public string DataDirectory { get; init; } = ".";

    /// <summary>Without a control socket (docs/candidate.md): the TCP port of the status endpoint.</summary>
    public int StatusPort { get; init; }

    /// <summary>Without a control socket: the ledger's base URL, or null to write each act on standard output instead.</summary>
    public Uri? Ledger { get; init; }

    /// <summary>Whether a harness started it with a control socket; else it keeps the contract of docs/candidate.md.</summary>
    public bool Controlled => ControlSocket.Length > 0;

    /// <summary>Subtracted from the lease for clock drift: 1% of the TTL plus 2 ms, as Redlock does.</summary>
    public TimeSpan Margin => (Ttl * 0.01) + TimeSpan.FromMilliseconds(2);
}
