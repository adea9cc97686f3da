using ElectionJepsen.Checkers.FencedLease;

namespace ElectionJepsen.Checkers.Linearizability.Models;

/// <summary>
/// (holder, token, owner): who holds the lease, the largest token granted, and to whom
/// (docs/history.md). Before any grant there is no owner, and the first grant or act may carry
/// any token: the checker's fast rules compare a token only with those of other operations,
/// and a candidate's first token may be 0 (a ZooKeeper znode's first sequence number).
/// </summary>
public readonly record struct LeaseState(int Holder, long Token, int Owner);

/// <summary>The fenced-lease model for the search, step for step as the spec defines it.</summary>
public readonly struct FencedLeaseModel : ISearchModel<LeaseState>
{
    public const byte Acquire = 0;
    public const byte AcquireUnknown = 1;
    public const byte Release = 2;
    public const byte Act = 3;

    public LeaseState Initial => new(-1, 0, -1);

    public bool StepReadsProcess => true;

    public bool Step(in LeaseState s, in SearchOp op, out LeaseState next)
    {
        var p = op.Process;
        var k = op.A;
        next = s;
        switch (op.Code)
        {
            case Acquire:
                if (s.Owner < 0 || k > s.Token || (k == s.Token && s.Owner == p))
                {
                    next = new LeaseState(p, k, p);
                    return true;
                }

                return false;
            case AcquireUnknown:
                // An indeterminate acquire: of all it may have granted, only a re-grant of its
                // owner's current token can make anything legal that was not; a fresh larger
                // token only forbids more. So the search tries the re-grant alone.
                if (s.Owner == p)
                {
                    next = s with { Holder = p };
                    return true;
                }

                return false;
            case Release:
                if (s.Holder == p && s.Token == k) next = s with { Holder = -1 };
                return true;
            default:
                if ((s.Holder == p && s.Token == k) || s.Owner < 0 || k > s.Token)
                {
                    next = new LeaseState(p, k, p);
                    return true;
                }

                return false;
        }
    }

    public string Describe(in LeaseState s, IReadOnlyList<string> processes) =>
        s.Owner < 0 ? "no grant yet"
        : s.Holder < 0 ? $"token {s.Token} (granted to {processes[s.Owner]}) released or expired"
        : $"{processes[s.Holder]} holds token {s.Token}";

    /// <summary>The operations of each key that can matter to this model, and that it can place (those with a token).</summary>
    public static Dictionary<string, List<SearchOp>> Prepare(History.History history) => Prepare(LeaseKeyOps.Extract(history, out _, out _));

    /// <summary>The same, from the lease operations already taken out of the history; reads them only.</summary>
    internal static Dictionary<string, List<SearchOp>> Prepare(Dictionary<string, LeaseKeyOps> byKey)
    {
        var result = new Dictionary<string, List<SearchOp>>(StringComparer.Ordinal);
        foreach (var (key, ops) in byKey)
        {
            var list = new List<SearchOp>(ops.Grants.Count + ops.Releases.Count + ops.InfoAcquires.Count + ops.TokenlessGrants.Count);
            foreach (var g in ops.Grants) list.Add(SearchOp.Completed(g.Op, g.Process, g.Call, g.Return, g.Kind == LeaseKind.Acquire ? Acquire : Act, g.Token, 0));
            foreach (var r in ops.Releases) list.Add(SearchOp.Completed(r.Op, r.Process, r.Call, r.Return, Release, r.Token, 0));
            foreach (var q in ops.InfoAcquires) list.Add(SearchOp.Unknown(q.Op, q.Process, q.Call, AcquireUnknown, 0, 0));

            // A grant that reported no token may have been any token: placed like an
            // indeterminate acquire, it allows what a re-grant would and forbids nothing.
            // Acts and releases without a token the model cannot place, so they are left out.
            foreach (var q in ops.TokenlessGrants) list.Add(SearchOp.Unknown(q.Op, q.Process, q.Call, AcquireUnknown, 0, 0));
            result[key] = list;
        }

        return result;
    }
}
