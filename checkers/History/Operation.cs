namespace ElectionJepsen.Checkers.History;

/// <summary>How an operation ended. <see cref="Info"/> also stands for one still open at the end.</summary>
public enum Outcome : byte
{
    Ok,
    Fail,
    Info,
}

/// <summary>An invoke paired with its completion (spec/history.md, "Operations").</summary>
public readonly record struct Operation(
    int Id,
    int Process,
    string F,
    string Key,
    long InvokeIndex,
    long InvokeTime,
    OpValue Input,
    Outcome Outcome,
    long CompleteIndex,
    long CompleteTime,
    OpValue Output,
    string? Error)
{
    /// <summary>Still open at the end of the history (counts as <c>info</c>).</summary>
    public bool IsOpen => CompleteIndex < 0;

    /// <summary>When the operation is known to have ended for real-time order: never, unless it is ok or fail.</summary>
    public long ReturnTime => Outcome == Outcome.Info ? long.MaxValue : CompleteTime;

    /// <summary>A precedes B in real time when A completed before B was invoked.</summary>
    public bool Precedes(in Operation other) => ReturnTime < other.InvokeTime;
}
