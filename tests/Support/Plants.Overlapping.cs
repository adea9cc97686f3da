using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.TestSupport;

public static partial class Plants
{
    /// <summary>
    /// Plants where one act (or one process's few operations) is evidence of two kinds at
    /// once, by name; what each returns names its kinds, the only ones it makes.
    /// </summary>
    public static IReadOnlyDictionary<string, Func<GeneratedHistory, Random, Planted?>> Overlapping { get; } =
        new Dictionary<string, Func<GeneratedHistory, Random, Planted?>>
        {
            ["stale act with a reused token"] = (h, r) => ReusedOldToken(h, r, acquire: false),
            ["regressed grant of a reused token"] = (h, r) => ReusedOldToken(h, r, acquire: true),
            ["stale act after release"] = (h, r) => AfterRelease(h, r, stale: true, AnyAct(r, FreshSlot(h))),
            ["stale job of a slot that ran"] = (h, r) => RanOnce(h, r) is { } s ? Stale(h, r, Job(s.Slot), s.Key) : null,
            ["job of a slot that ran, after release"] = (h, r) => RanOnce(h, r) is { } s ? AfterRelease(h, r, stale: false, Job(s.Slot), s.Key) : null,
            ["reused token released, then acted with"] = ReusedThenActedAfterRelease,
        };

    /// <summary>
    /// A process of its own uses a token another process holds, after a larger one's grant
    /// completed: a stale act (or a regressed grant, when <paramref name="acquire"/>) that is a
    /// token-reuse as well.
    /// </summary>
    private static Planted? ReusedOldToken(GeneratedHistory h, Random random, bool acquire)
    {
        var key = AnyKey(h, random);
        var end = h.Ops.Max(o => o.Complete);
        var old = Grants(h, key).Where(IsGenerated).Select(g => TokenOf(g)!.Value).Distinct()
            .Select(k => (Token: k, Superseded: FirstLargerCompleted(h, key, k))).Where(x => x.Superseded < end).ToList();
        if (old.Count == 0) return null;
        var (token, superseded) = old[random.Next(old.Count)];
        var invoke = Between(random, superseded, end);
        var op = NewOp(h, acquire ? "planted-regressed-reuser" : "planted-stale-reuser", key, invoke, Between(random, invoke, end + 1));
        if (acquire) Set(op, "acquire", OpValue.Null, OpValue.FromToken(token));
        else AnyAct(random, FreshSlot(h))(op, token);
        return new([(ViolationKinds.TokenReuse, op), (acquire ? ViolationKinds.TokenRegression : StaleKind(op), op)]);
    }

    /// <summary>
    /// A process of its own is granted the largest token completed so far (held by another
    /// process), releases it and acts with it again, all before any larger token's grant
    /// completed: a token-reuse, and an act after its own release.
    /// </summary>
    private static Planted? ReusedThenActedAfterRelease(GeneratedHistory h, Random random)
    {
        var key = AnyKey(h, random);
        var end = h.Ops.Max(o => o.Complete) + 2;
        var epochs = Grants(h, key).Where(IsGenerated).GroupBy(g => TokenOf(g)!.Value)
            .Select(g => (Token: g.Key, From: g.Min(o => o.Complete), To: Math.Min(end, FirstLargerCompleted(h, key, g.Key)))).ToList();
        if (epochs.Count == 0) return null;
        var (token, from, to) = epochs[random.Next(epochs.Count)];
        var t = Enumerable.Range(0, 6).Select(_ => Between(random, from, to)).Order().ToArray();
        var acquire = NewOp(h, "planted-releasing-reuser", key, t[0], t[1]);
        Set(acquire, "acquire", OpValue.Null, OpValue.FromToken(token));
        Set(NewOp(h, acquire.Process, key, t[2], t[3]), "release", OpValue.FromToken(token), OpValue.Null);
        var act = NewOp(h, acquire.Process, key, t[4], t[5]);
        AnyAct(random, FreshSlot(h))(act, token);
        return new([(ViolationKinds.TokenReuse, acquire), (ViolationKinds.ActedAfterRelease, act)]);
    }

    /// <summary>A job slot (and its key) that exactly one ok job ran.</summary>
    private static (string Key, long Slot)? RanOnce(GeneratedHistory h, Random random)
    {
        var once = h.Ops.Where(o => o is { F: "job", Outcome: GenOutcome.Ok }).GroupBy(o => (o.Key, Slot: o.Input.Slot!.Value)).Where(g => g.Count() == 1).Select(g => g.Key).ToList();
        return once.Count == 0 ? null : once[random.Next(once.Count)];
    }

    private static Action<GenOp, long> Job(long slot) => (op, token) => Set(op, "job", OpValue.Job(slot, token), OpValue.Null);
}
