namespace ElectionJepsen.Checkers.Linearizability;

/// <summary>
/// An operation as the search sees it: its real-time window, a model-specific code and
/// arguments. <see cref="Return"/> is <see cref="long.MaxValue"/> for an indeterminate
/// operation, which may be linearized at any moment after its call, or never.
/// </summary>
public readonly record struct SearchOp(int Op, int Process, long Call, long Return, byte Code, long A, long B)
{
    public bool IsOptional => Return == long.MaxValue;
}

/// <summary>A sequential specification the search checks against.</summary>
public interface ISearchModel<TState>
    where TState : struct, IEquatable<TState>
{
    TState Initial { get; }

    /// <summary>Applies <paramref name="op"/> to <paramref name="state"/>; false when that is illegal.</summary>
    bool Step(in TState state, in SearchOp op, out TState next);

    /// <summary>The state in words, for a failure report.</summary>
    string Describe(in TState state, IReadOnlyList<string> processes);
}
