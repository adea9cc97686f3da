using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.TestSupport;

/// <summary>How a generated operation ends: <see cref="Open"/> leaves it without a completion line.</summary>
public enum GenOutcome
{
    Ok,
    Fail,
    Info,
    Open,
}

/// <summary>A generated operation: its real-time window, the point where it took effect, and its lines' content.</summary>
public sealed class GenOp
{
    public required string Process { get; init; }

    public string Key { get; set; } = string.Empty;

    public string F { get; set; } = string.Empty;

    public OpValue Input { get; set; }

    public OpValue Output { get; set; }

    public GenOutcome Outcome { get; set; } = GenOutcome.Ok;

    public string? Error { get; set; }

    public required double Invoke { get; init; }

    public required double Complete { get; init; }

    /// <summary>The linearization point, strictly between invoke and completion.</summary>
    public required double Point { get; init; }
}
