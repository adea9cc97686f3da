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
    /// <summary>Subtracted from the lease for clock drift: 1% of the TTL plus 2 ms, as Redlock does.</summary>
    public TimeSpan Margin => (Ttl * 0.01) + TimeSpan.FromMilliseconds(2);
}
