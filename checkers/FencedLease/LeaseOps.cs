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
/// Grants, acts and releases that carried no token are kept apart (docs/history.md): the
/// model cannot place them, and the checker judges them from real time alone.
/// </summary>
internal sealed class LeaseKeyOps
{
    /// <summary>Ok acquires, claims that said leader, accepted writes and jobs.</summary>
    public List<LeaseOp> Grants { get; } = [];

    public List<LeaseOp> Releases { get; } = [];

    public List<LeaseOp> InfoAcquires { get; } = [];

    /// <summary>Ok jobs with their slot and token (null when they carried none), for duplicate-job.</summary>
    public List<(LeaseOp Op, long Slot, long? Token)> Jobs { get; } = [];

    /// <summary>Ok acquires that reported no token: a grant whose order only real time gives.</summary>
    public List<LeaseOp> TokenlessGrants { get; } = [];

    /// <summary>Claims that said leader, accepted writes and jobs, that carried no token (their <see cref="LeaseOp.Token"/> is 0).</summary>
    public List<LeaseOp> TokenlessActs { get; } = [];

    /// <summary>Ok releases that named no token.</summary>
    public List<LeaseOp> TokenlessReleases { get; } = [];

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
                Require(kind == LeaseKind.Job ? op.Input.Slot is not null : op.Input.Token is not null || op.Input.Seq is not null, op.InvokeIndex,
                    kind == LeaseKind.Job ? "a job's invoke value must be {\"slot\": s, \"token\": k} or {\"slot\": s}" : "a write's invoke value must be {\"token\": k, \"seq\": n} or {\"seq\": n}");
                Require(op.Input.Token is not null || !NamesToken(op.Input), op.InvokeIndex, "a token must be an integer");
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
            case LeaseKind.Acquire when ok && IsBare(op.Output):
                TokenlessGrants.Add(Make(op, kind, 0));
                break;
            case LeaseKind.Acquire when ok:
                Require(op.Output.Token is not null, op.CompleteIndex, "an ok acquire's value must be {\"token\": k}, or null, {} or none for a grant without a token");
                Grants.Add(Make(op, kind, op.Output.Token!.Value));
                break;
            case LeaseKind.Acquire:
                InfoAcquires.Add(Make(op, kind, 0));
                break;
            case LeaseKind.Release when ok && IsBare(op.Input):
                TokenlessReleases.Add(Make(op, kind, 0));
                break;
            case LeaseKind.Release when ok:
                Require(op.Input.Token is not null, op.InvokeIndex, "a release's invoke value must be {\"token\": k}, or null, {} or none for a release without a token");
                Releases.Add(Make(op, kind, op.Input.Token!.Value));
                break;
            case LeaseKind.Claim when ok:
                Require(op.Output.Leader is not null, op.CompleteIndex,
                    "an ok claim's value must be {\"leader\": true, \"token\": k}, {\"leader\": true} or {\"leader\": false}");
                if (op.Output.Leader == true) AddAct(op, kind, op.Output.Token);
                break;
            case LeaseKind.Write or LeaseKind.Job when ok:
                var act = AddAct(op, kind, op.Input.Token);
                if (kind == LeaseKind.Job) Jobs.Add((act, op.Input.Slot!.Value, op.Input.Token));
                break;
        }
    }

    private LeaseOp AddAct(in Operation op, LeaseKind kind, long? token)
    {
        Require(token is not null || kind != LeaseKind.Claim || !NamesToken(op.Output), op.CompleteIndex, "a token must be an integer");
        var act = Make(op, kind, token ?? 0);
        (token is null ? TokenlessActs : Grants).Add(act);
        return act;
    }

    /// <summary>True when the value has a member <c>token</c> that is not an integer (only such a value keeps its text).</summary>
    private static bool NamesToken(OpValue v) =>
        v.Json is { } json && System.Text.Json.Nodes.JsonNode.Parse(json) is System.Text.Json.Nodes.JsonObject o && o.ContainsKey("token");

    /// <summary>A value that stands for no token at all: absent, <c>null</c>, or an object with no member.</summary>
    private static bool IsBare(OpValue v) =>
        !v.IsPresent || v.IsNull || (v.Json is null && v.Token is null && v.Seq is null && v.Slot is null && v.Leader is null);

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
