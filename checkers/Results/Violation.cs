namespace ElectionJepsen.Checkers.Results;

/// <summary>
/// One violation with its evidence: the processes and tokens involved and the history
/// <see cref="Indices"/> of the lines that prove it (spec/history.md, "Results").
/// Repeats of the same fault by the same process and token are folded into one, with
/// <see cref="Count"/> saying how many acts it covers.
/// </summary>
public sealed record Violation(
    string Kind,
    string Key,
    IReadOnlyList<string> Processes,
    IReadOnlyList<long> Tokens,
    IReadOnlyList<long> Indices,
    long? OverlapNs,
    string Description)
{
    public int Count { get; init; } = 1;
}

/// <summary>The violation kinds the checkers name.</summary>
public static class ViolationKinds
{
    public const string StaleLeader = "stale-leader";
    public const string StaleWriteAccepted = "stale-write-accepted";
    public const string TokenReuse = "token-reuse";
    public const string TokenRegression = "token-regression";
    public const string ActedAfterRelease = "acted-after-release";
    public const string DuplicateJob = "duplicate-job";
    public const string Nonlinearizable = "nonlinearizable";
}
