namespace ElectionJepsen.Checkers.Linearizability;

/// <summary>
/// How long the search may run, and how many bytes it may hold (all its keys together:
/// per-key arrays, stack, memo); past either the verdict is unknown, saying which.
/// </summary>
public sealed record SearchLimits(TimeSpan TimeLimit, long MemoryBudgetBytes)
{
    /// <summary>The limits of a run's check, and of <c>check</c> unless its options say otherwise: 30 s and 1024 MiB.</summary>
    public static SearchLimits Default { get; } = new(TimeSpan.FromSeconds(30), 1024L << 20);
}
