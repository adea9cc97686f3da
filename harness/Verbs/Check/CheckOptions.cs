using ElectionJepsen.Checkers.Checking;
using ElectionJepsen.Checkers.Linearizability;

namespace ElectionJepsen.Harness.Verbs.Check;

/// <summary>What <c>check</c> was asked to do with one history.</summary>
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

    /// <summary>The checker's settings: the model and the search's budget.</summary>
    public CheckSettings Settings => new(Model, new SearchLimits(TimeLimit, MemoryBudgetBytes), Search);
}
