namespace ElectionJepsen.Checkers.Results;

/// <summary>What a checker concluded about a history: the content of <c>results.json</c>.</summary>
public sealed record CheckResult(
    Validity Valid,
    string Model,
    HistorySummary History,
    IReadOnlyList<Violation> Violations)
{
    public FailoverStats? Failover { get; init; }

    /// <summary>The leaderless windows themselves, in history time, for reports (results.json gives their statistics only).</summary>
    public IReadOnlyList<LeaderlessWindow> FailoverWindows { get; init; } = [];

    /// <summary>The longest time no leader's act was in flight, from the first act to the last; null when the acts left no such gap.</summary>
    public LeaderlessWindow? LongestWithoutLeader { get; init; }

    public FencingStats? Fencing { get; init; }

    /// <summary>How the linearizability search went, when it ran.</summary>
    public SearchReport? Search { get; init; }

    /// <summary>Why the verdict is unknown, when it is.</summary>
    public string? UnknownReason { get; init; }

    /// <summary>What the reader noticed but accepted (a torn last line).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Which checks ran over all, some or none of the operations, and why not all (empty when the checker names none).</summary>
    public IReadOnlyList<JudgedCheck> Checks { get; init; } = [];

    /// <summary>True when every check ran over every operation it looks at: the verdict says all it can.</summary>
    public bool FullyJudged => Checks.All(c => c.Ran == Coverage.All);

    /// <summary>
    /// What was not fully judged, in one line: the checks grouped by how far they ran and why,
    /// e.g. <c>token-reuse, token-regression not judged: no operation carried a token</c>; null
    /// when everything was.
    /// </summary>
    public string? NotFullyJudged()
    {
        if (FullyJudged) return null;
        return string.Join("; ", Checks
            .Where(c => c.Ran != Coverage.All)
            .GroupBy(c => (c.Ran, c.Why))
            .Select(g => $"{string.Join(", ", g.Select(c => c.Name))} {(g.Key.Ran == Coverage.None ? "not judged" : "partly judged")}{(g.Key.Why is { } why ? $": {why}" : string.Empty)}"));
    }
}

public sealed record HistorySummary(long Events, long Operations, IReadOnlyList<string> Processes);

public sealed record FencingStats(long WritesRefused, long JobsRefused);

/// <summary>The search's own verdict and cost, kept beside the fast path's.</summary>
public sealed record SearchReport(Validity Valid, long ElapsedMs, long MemoEntries, string? UnknownReason)
{
    /// <summary>How many operations the model had to place (those that cannot matter are left out first).</summary>
    public long Operations { get; init; }

    /// <summary>For an invalid history: the operation it could not linearize, and those concurrent with it.</summary>
    public Violation? Failure { get; init; }
}

/// <summary>A leaderless window of one key: from the last act of one epoch to the grant of the next, in history time.</summary>
public sealed record LeaderlessWindow(string Key, long FromNs, long ToNs);
