using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Checkers.Linearizability;

public static partial class LinearizabilityChecker
{
    private const int MaxConcurrentShown = 16;

    /// <summary>The operation the search could not linearize, with the operations concurrent with it.</summary>
    private static Violation Describe<TModel, TState>(History.History history, TModel model, string key, SearchOp[] ops, SearchOutcome outcome)
        where TModel : struct, ISearchModel<TState>
        where TState : struct, IEquatable<TState>
    {
        var failed = ops[outcome.FailedOp];
        var concurrent = ops
            .Where(o => o.Op != failed.Op && o.Call < failed.Return && o.Return > failed.Call)
            .OrderBy(o => Math.Abs(o.Call - failed.Call))
            .Take(MaxConcurrentShown)
            .OrderBy(o => o.Call)
            .ToList();
        var all = new List<SearchOp> { failed };
        all.AddRange(concurrent);
        var processes = all.Select(o => history.ProcessName(o.Process)).Distinct().ToList();
        var indices = all.Select(o => LineIndex(history, o)).ToList();
        var tokens = model is Models.FencedLeaseModel
            ? all.Select(o => o.A).Where(t => t > 0).Distinct().ToList()
            : [];
        var shown = string.Join("; ", concurrent.Select(o => $"{OpText(history, o)} (line {LineIndex(history, o) + 1})"));
        var description =
            $"no linearization: {OpText(history, failed)} (line {LineIndex(history, failed) + 1}) cannot take effect " +
            $"after the operations that precede it (state there: {outcome.StateThere})" +
            (concurrent.Count > 0 ? $"; concurrent with it: {shown}" : "; nothing was concurrent with it");
        return new Violation(ViolationKinds.Nonlinearizable, key, processes, tokens, indices, null, description);
    }

    /// <summary>An operation as the history has it: "c1 write 3", "c2 claim -> {"leader":true,"token":7}", "c3 acquire (info)".</summary>
    private static string OpText(History.History history, in SearchOp op)
    {
        var o = history.Operations[op.Op];
        var text = $"{history.ProcessName(o.Process)} {o.F}";
        if (o.Input.IsPresent && !o.Input.IsNull) text += $" {o.Input}";
        if (o.Outcome == History.Outcome.Ok && o.Output.IsPresent && !o.Output.IsNull) text += $" -> {o.Output}";
        return o.Outcome == History.Outcome.Ok ? text : text + (o.IsOpen ? " (still open)" : " (info)");
    }

    /// <summary>The line that completed the operation, or its invoke line when it never completed.</summary>
    private static long LineIndex(History.History history, in SearchOp op)
    {
        var o = history.Operations[op.Op];
        return o.IsOpen ? o.InvokeIndex : o.CompleteIndex;
    }
}
