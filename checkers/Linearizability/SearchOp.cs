namespace ElectionJepsen.Checkers.Linearizability;

/// <summary>
/// An operation as the search sees it: its real-time window, a model-specific code and
/// arguments. An <see cref="Indeterminate"/> operation may be linearized at any moment after
/// its call, or never; its <see cref="Return"/> is only a bound (<see cref="long.MaxValue"/>).
/// Whether an operation must be linearized is this flag alone, never a time: an ok whose
/// completion is stamped at <see cref="long.MaxValue"/> must be.
/// </summary>
public readonly record struct SearchOp(int Op, int Process, long Call, long Return, bool Indeterminate, byte Code, long A, long B)
{
    /// <summary>A history's operation: completed when it is ok, indeterminate when it is info or still open.</summary>
    public static SearchOp Of(in History.Operation op, byte code, long a, long b) =>
        op.IsIndeterminate ? Unknown(op.Id, op.Process, op.InvokeTime, code, a, b) : Completed(op.Id, op.Process, op.InvokeTime, op.CompleteTime, code, a, b);

    /// <summary>An operation that completed (ok): it must be linearized between its call and return.</summary>
    public static SearchOp Completed(int op, int process, long call, long ret, byte code, long a, long b) =>
        new(op, process, call, ret, false, code, a, b);

    /// <summary>An operation that may have taken effect at any moment after its call, or never.</summary>
    public static SearchOp Unknown(int op, int process, long call, byte code, long a, long b) =>
        new(op, process, call, long.MaxValue, true, code, a, b);
}

/// <summary>A sequential specification the search checks against.</summary>
public interface ISearchModel<TState>
    where TState : struct, IEquatable<TState>
{
    TState Initial { get; }

    /// <summary>
    /// Whether <see cref="Step"/> reads the operation's process. When it does not, two
    /// indeterminate operations of the same code and arguments are interchangeable whatever
    /// their processes, and the search tries only one of them (see <c>Search.Symmetry</c>).
    /// </summary>
    bool StepReadsProcess { get; }

    /// <summary>Applies <paramref name="op"/> to <paramref name="state"/>; false when that is illegal.</summary>
    bool Step(in TState state, in SearchOp op, out TState next);

    /// <summary>The state in words, for a failure report.</summary>
    string Describe(in TState state, IReadOnlyList<string> processes);
}
