using ElectionJepsen.Checkers.Linearizability;

namespace ElectionJepsen.Checkers.Checking;

/// <summary>How to check a history: its model, the search's budget, and whether the search runs beside the fenced-lease fast path.</summary>
public sealed record CheckSettings(string Model, SearchLimits Limits, bool Search = true);
