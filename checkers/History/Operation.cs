namespace ElectionJepsen.Checkers.History;

/// <summary>How an operation ended. <see cref="Info"/> also stands for one still open at the end.</summary>
public enum Outcome : byte
{
    Ok,
    Fail,
    Info,
}

/// <summary>An invoke paired with its completion (docs/history.md, "Operations").</summary>
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

    /// <summary>
    /// Whether it may or may not have taken effect: an info, or still open. Decided by the
    /// outcome alone, never by a time: an ok stamped at <see cref="long.MaxValue"/> is a completion.
    /// </summary>
    public bool IsIndeterminate => Outcome == Outcome.Info;

    /// <summary>
    /// The latest moment the operation may have taken effect, for real-time order: its
    /// completion time, or <see cref="long.MaxValue"/> (no bound) when it is indeterminate.
    /// A bound, not a flag: ask <see cref="IsIndeterminate"/> whether it completed.
    /// </summary>
    public long ReturnTime => IsIndeterminate ? long.MaxValue : CompleteTime;

    /// <summary>A precedes B in real time when A completed before B was invoked.</summary>
    public bool Precedes(in Operation other) => !IsIndeterminate && CompleteTime < other.InvokeTime;
}
