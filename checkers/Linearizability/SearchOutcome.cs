using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Checkers.Linearizability;

/// <summary>
/// What the search found for one key. For an invalid key, <see cref="FailedOp"/> is the
/// position (in call order) of the operation it could not linearize at the furthest point
/// it reached, and <see cref="StateThere"/> the model state it was stuck in. An undecided
/// key says why in <see cref="Reason"/>: <see cref="Stopped"/> (out of time, or cancelled)
/// or a sentence for the user (out of memory).
/// </summary>
public sealed record SearchOutcome(Validity Valid, long MemoEntries)
{
    public const string Stopped = "stopped";

    public int FailedOp { get; init; } = -1;

    public string? StateThere { get; init; }

    public string? Reason { get; init; }

    public static SearchOutcome Linearizable(long memo) => new(Validity.True, memo);

    public static SearchOutcome NotLinearizable(int op, string state, long memo) =>
        new(Validity.False, memo) { FailedOp = op, StateThere = state };

    public static SearchOutcome Undecided(string reason, long memo) =>
        new(Validity.Unknown, memo) { Reason = reason };
}
