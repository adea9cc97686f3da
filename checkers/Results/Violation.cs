namespace ElectionJepsen.Checkers.Results;

/// <summary>
/// One violation with its evidence: the processes and tokens involved and the history
/// <see cref="Indices"/> of the lines that prove it, as results.json holds it (docs/results.md).
/// Repeats of the same fault by the same process and token are folded into one.
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
    /// <summary>
    /// How many acts this violation stands for, whatever its kind: the faulty operations
    /// folded into it. For stale kinds and acted-after-release, the acts of the process with
    /// the token; for token-reuse, the second process's operations with the token; for
    /// duplicate-job, the runs of the slot beyond the first.
    /// </summary>
    public int Count { get; init; } = 1;

    /// <summary>
    /// The order results list violations in: most damaging kind first
    /// (<see cref="ViolationKinds.MostDamagingFirst"/>), then by key, then by the first line
    /// of their evidence; ties keep the order given.
    /// </summary>
    public static IReadOnlyList<Violation> MostDamagingFirst(IEnumerable<Violation> violations) =>
    [
        .. violations
            .OrderBy(v => ViolationKinds.Severity(v.Kind))
            .ThenBy(v => v.Key, StringComparer.Ordinal)
            .ThenBy(v => v.Indices.Count > 0 ? v.Indices[0] : -1),
    ];
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

    /// <summary>
    /// The kinds, most damaging first, the order in which results list violations.
    /// Damage done comes first: the resource accepted a deposed leader's write, or a job
    /// slot ran twice. Then the faults that break fencing itself, which nothing downstream
    /// can catch: two holders of one token (the resource cannot tell them apart), a grant
    /// smaller than one already made (tokens no longer order leaders). Then a stale leader:
    /// two leaders at once, though fencing still refuses the older one's writes. Last, an
    /// act by a process with a token after its own release of that token, with no grant of
    /// it to that process between (judged per process and token, whether or not a newer
    /// token had been granted meanwhile).
    /// A bare <see cref="Nonlinearizable"/> names no cause and comes after the named ones.
    /// </summary>
    public static IReadOnlyList<string> MostDamagingFirst { get; } =
    [
        StaleWriteAccepted,
        DuplicateJob,
        TokenReuse,
        TokenRegression,
        StaleLeader,
        ActedAfterRelease,
        Nonlinearizable,
    ];

    /// <summary>The rank of <paramref name="kind"/> in <see cref="MostDamagingFirst"/>; kinds not listed come after all.</summary>
    public static int Severity(string kind)
    {
        for (var i = 0; i < MostDamagingFirst.Count; i++)
        {
            if (MostDamagingFirst[i] == kind) return i;
        }

        return MostDamagingFirst.Count;
    }
}
