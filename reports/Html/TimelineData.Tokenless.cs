using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.Reports.Html;

/// <summary>The epochs of a candidate that reports no token, drawn grey.</summary>
internal sealed partial class TimelineData
{
    /// <summary>
    /// Epochs of a candidate that reports no token, from its ok grants, releases and acts
    /// without a token in the order they completed: a grant, or an act when none is open,
    /// opens one for its process; its acts extend it; its release, or another process's
    /// grant or act, closes it.
    /// </summary>
    private static IEnumerable<Epoch> TokenlessEpochs(List<Operation> ops)
    {
        Epoch? open = null;
        foreach (var o in ops.OrderBy(o => o.CompleteTime))
        {
            var mine = open is { } e && e.Process == o.Process;
            if (o.F == LeaseFunctions.Release)
            {
                if (!mine) continue;
                yield return open!.Value with { ToNs = o.CompleteTime };
                open = null;
                continue;
            }

            if (mine && o.F != LeaseFunctions.Acquire)
            {
                open = open!.Value with { ToNs = o.CompleteTime };
                continue;
            }

            if (open is { } previous) yield return previous;
            open = new Epoch(o.Process, 0, o.CompleteTime, o.CompleteTime, Tokenless: true);
        }

        if (open is { } last) yield return last;
    }

    /// <summary>An ok grant, release or act of the lease that carried no token.</summary>
    private static bool IsTokenless(Operation o) => o.F switch
    {
        LeaseFunctions.Acquire => o.Output.Token is null && o.Output.Json is null or "null",
        LeaseFunctions.Release => o.Input.Token is null && o.Input.Json is null or "null",
        _ => IsAct(o) && o.Input.Token is null && o.Output.Token is null,
    };
}
