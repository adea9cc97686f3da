using ElectionJepsen.Checkers.FencedLease;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Linearizability;
using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Checkers.Checking;

/// <summary>
/// The checker a run and <c>check</c> both use, composed as Jepsen's <c>checker/compose</c>
/// composes: a history with no operation is unknown (nothing to judge); for fenced-lease the
/// exact fast path decides and the general search runs beside it within its budget, and the
/// two must agree; any other model is the search's alone.
/// </summary>
public static class ComposedChecker
{
    /// <summary>Why a history with no operation has no verdict (docs/history.md).</summary>
    public const string NothingToJudge = "nothing to judge: the history has no operation";

    /// <summary>Checks a loaded history; throws <see cref="HistoryDataException"/> on a value the model cannot read.</summary>
    /// <exception cref="CheckersDisagreeException">the fast path and the search reached different verdicts: a defect of ours.</exception>
    public static CheckResult Check(History.History history, CheckSettings settings, CancellationToken cancel = default)
    {
        if (history.Operations.Length == 0)
        {
            return new CheckResult(Validity.Unknown, settings.Model, Summaries.Of(history), []) { UnknownReason = NothingToJudge };
        }

        if (settings.Model != FencedLeaseChecker.ModelName)
        {
            return LinearizabilityChecker.Check(history, settings.Model, settings.Limits, cancel);
        }

        // The lease operations are taken out once, and only read by both checkers.
        var byKey = LeaseKeyOps.Extract(history, out var writesRefused, out var jobsRefused);
        var search = settings.Search
            ? Task.Run(() => LinearizabilityChecker.CheckFencedLease(history, byKey, settings.Limits, cancel), cancel)
            : null;
        var fast = FencedLeaseChecker.Check(history, byKey, writesRefused, jobsRefused);
        if (search is null) return fast;
        var general = search.GetAwaiter().GetResult();
        var fastLinearizable = FencedLeaseChecker.IsLinearizable(fast);
        if (general.Valid != Validity.Unknown && (general.Valid == Validity.True) != fastLinearizable)
        {
            throw new CheckersDisagreeException(
                $"the checkers disagree: the fast path says the history is {Linearizable(fastLinearizable)} " +
                $"({fast.Violations.Count} violations), the search says {Linearizable(general.Valid == Validity.True)}" +
                (general.Search?.Failure is { } f ? $" ({f.Description})" : string.Empty));
        }

        return fast with { Search = general.Search };
    }

    private static string Linearizable(bool yes) => yes ? "linearizable" : "not linearizable";
}

/// <summary>The fast path and the search contradict each other: a defect of ours, never a verdict.</summary>
public sealed class CheckersDisagreeException(string message) : Exception(message);
