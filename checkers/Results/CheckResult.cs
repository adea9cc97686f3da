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

    public FencingStats? Fencing { get; init; }

    /// <summary>How the linearizability search went, when it ran.</summary>
    public SearchReport? Search { get; init; }

    /// <summary>Why the verdict is unknown, when it is.</summary>
    public string? UnknownReason { get; init; }

    /// <summary>What the reader noticed but accepted (a torn last line).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
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
