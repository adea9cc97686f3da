namespace ElectionJepsen.Harness.Verbs.Check;

/// <summary>What <c>check</c> was asked to do.</summary>
public sealed record CheckOptions(
    string HistoryPath,
    string Model,
    string OutDirectory,
    TimeSpan TimeLimit,
    bool Search,
    long MemoryBudgetBytes)
{
    /// <summary>Where to write JUnit XML as well, or null.</summary>
    public string? Junit { get; init; }
}
