using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.Checkers.FencedLease;

internal enum LeaseKind : byte
{
    Acquire,
    Release,
    Claim,
    Write,
    Job,
}

/// <summary>One operation of a lease key, reduced to what the lease model needs.</summary>
internal readonly record struct LeaseOp(int Op, LeaseKind Kind, int Process, long Token, long Call, long Return)
{
    public bool IsAct => Kind is LeaseKind.Claim or LeaseKind.Write or LeaseKind.Job;
}

/// <summary>
/// The operations of one key that can matter to the fenced-lease model. Only these can:
/// ok grants and acts (they must be linearized), ok releases, and indeterminate acquires
/// (which may have re-granted their owner's current token). Indeterminate claims, writes,
/// jobs and releases can only forbid, never allow, so leaving them out is always allowed.
/// </summary>
internal sealed class LeaseKeyOps
{
    /// <summary>Ok acquires, claims that said leader, accepted writes and jobs.</summary>
    public List<LeaseOp> Grants { get; } = [];

    public List<LeaseOp> Releases { get; } = [];

    public List<LeaseOp> InfoAcquires { get; } = [];

    /// <summary>Ok jobs with their slot, for duplicate-job.</summary>
    public List<(LeaseOp Op, long Slot)> Jobs { get; } = [];

    public static Dictionary<string, LeaseKeyOps> Extract(History.History history, out long writesRefused, out long jobsRefused)
    {
        var byKey = new Dictionary<string, LeaseKeyOps>(StringComparer.Ordinal);
        writesRefused = jobsRefused = 0;
        var ops = history.Operations;
        for (var i = 0; i < ops.Length; i++)
        {
            ref readonly var op = ref ops[i];
            var kind = KindOf(op.F);
            if (kind is null) continue;
            if (!byKey.TryGetValue(op.Key, out var keyOps)) byKey[op.Key] = keyOps = new LeaseKeyOps();
            if (kind is LeaseKind.Write or LeaseKind.Job)
            {
                Require(op.Input.Token is not null && (kind != LeaseKind.Job || op.Input.Slot is not null), op.InvokeIndex,
                    kind == LeaseKind.Job ? "a job's invoke value must be {\"slot\": s, \"token\": k}" : "a write's invoke value must be {\"token\": k, \"seq\": n}");
                if (op.Outcome == Outcome.Fail && op.Error == LeaseFunctions.StaleToken)
                {
                    if (kind == LeaseKind.Write) writesRefused++;
                    else jobsRefused++;
                }
            }

            keyOps.Add(op, kind.Value);
        }

        return byKey;
    }

    private void Add(in Operation op, LeaseKind kind)
    {
        if (op.Outcome == Outcome.Fail) return;
        var ok = op.Outcome == Outcome.Ok;
        switch (kind)
        {
            case LeaseKind.Acquire when ok:
                Require(op.Output.Token is not null, op.CompleteIndex, "an ok acquire's value must be {\"token\": k}");
                Grants.Add(Make(op, kind, op.Output.Token!.Value));
                break;
            case LeaseKind.Acquire:
                InfoAcquires.Add(Make(op, kind, 0));
                break;
            case LeaseKind.Release when ok:
                Require(op.Input.Token is not null, op.InvokeIndex, "a release's invoke value must be {\"token\": k}");
                Releases.Add(Make(op, kind, op.Input.Token!.Value));
                break;
            case LeaseKind.Claim when ok:
                Require(op.Output.Leader is not null && (op.Output.Leader == false || op.Output.Token is not null), op.CompleteIndex,
                    "an ok claim's value must be {\"leader\": true, \"token\": k} or {\"leader\": false}");
                if (op.Output.Leader == true) Grants.Add(Make(op, kind, op.Output.Token!.Value));
                break;
            case LeaseKind.Write or LeaseKind.Job when ok:
                var act = Make(op, kind, op.Input.Token!.Value);
                Grants.Add(act);
                if (kind == LeaseKind.Job) Jobs.Add((act, op.Input.Slot!.Value));
                break;
        }
    }

    private static LeaseOp Make(in Operation op, LeaseKind kind, long token) =>
        new(op.Id, kind, op.Process, token, op.InvokeTime, op.ReturnTime);

    internal static LeaseKind? KindOf(string f) => f switch
    {
        LeaseFunctions.Acquire => LeaseKind.Acquire,
        LeaseFunctions.Release => LeaseKind.Release,
        LeaseFunctions.Claim => LeaseKind.Claim,
        LeaseFunctions.Write => LeaseKind.Write,
        LeaseFunctions.Job => LeaseKind.Job,
        _ => null,
    };

    private static void Require(bool condition, long index, string message)
    {
        if (!condition) throw new HistoryDataException(index + 1, message);
    }
}
