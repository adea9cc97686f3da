using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.Checkers.Linearizability.Models;

public readonly record struct MutexState(bool Locked);

/// <summary>Knossos's mutex: acquiring a held lock or releasing a free one is illegal.</summary>
public readonly struct MutexModel : ISearchModel<MutexState>
{
    public const string Name = "mutex";
    public const byte Acquire = 0;
    public const byte Release = 1;

    public MutexState Initial => new(false);

    public bool StepReadsProcess => false;

    public bool Step(in MutexState s, in SearchOp op, out MutexState next)
    {
        next = new MutexState(op.Code == Acquire);
        return s.Locked != (op.Code == Acquire);
    }

    public string Describe(in MutexState s, IReadOnlyList<string> processes) => s.Locked ? "locked" : "free";

    public static Dictionary<string, List<SearchOp>> Prepare(History.History history)
    {
        var result = new Dictionary<string, List<SearchOp>>(StringComparer.Ordinal);
        foreach (ref readonly var op in history.Operations.AsSpan())
        {
            if (op.Outcome == Outcome.Fail) continue;
            byte code;
            if (op.F == LeaseFunctions.Acquire) code = Acquire;
            else if (op.F == LeaseFunctions.Release) code = Release;
            else continue;
            if (!result.TryGetValue(op.Key, out var list)) result[op.Key] = list = [];
            list.Add(SearchOp.Of(op, code, 0, 0));
        }

        return result;
    }
}
