using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.TestSupport;

/// <summary>What a plant added: each kind it makes, with an operation that must be among that kind's evidence.</summary>
public sealed record Planted(IReadOnlyList<(string Kind, GenOp Op)> Evidence)
{
    public IEnumerable<string> Kinds => Evidence.Select(e => e.Kind).Distinct();
}

/// <summary>
/// Violations planted into a valid generated fenced-lease history with no indeterminate
/// operation. <see cref="ByKind"/> plants one kind each, crafted to make its own kind and
/// no other, alone or beside any other plant; <see cref="Overlapping"/> plants one act that
/// is evidence of two kinds at once. Each returns null when the history offers no place.
/// Why no plant makes a kind it does not name:
/// - every planted grant or act uses a token no larger than the largest completed before it
///   is invoked, so it makes nothing stale that was not stale already;
/// - tokens held by another process are used only by processes of the plants' own, named
///   <c>planted-...</c>, and the regression plant's token by nobody else;
/// - planted acts of a generated process fit in the gaps of its timeline; a stale act uses
///   a token its process never released, unless it is meant to follow a release too; no two
///   plants act after the same release;
/// - a planted job runs a slot no job ran, or a slot that ran once, when it is meant to.
/// </summary>
public static partial class Plants
{
    /// <summary>The plants by the violation kind each makes (the kinds of docs/history.md).</summary>
    public static IReadOnlyDictionary<string, Func<GeneratedHistory, Random, Planted?>> ByKind { get; } =
        new Dictionary<string, Func<GeneratedHistory, Random, Planted?>>
        {
            [ViolationKinds.StaleWriteAccepted] = (h, r) => Stale(h, r, Accepted(r, FreshSlot(h))),
            [ViolationKinds.DuplicateJob] = DuplicateJob,
            [ViolationKinds.TokenReuse] = ReusedToken,
            [ViolationKinds.TokenRegression] = RegressedToken,
            [ViolationKinds.StaleLeader] = (h, r) => Stale(h, r, Claim),
            [ViolationKinds.ActedAfterRelease] = (h, r) => AfterRelease(h, r, stale: false, AnyAct(r, FreshSlot(h))),
        };

    /// <summary>A process of its own uses the largest token completed so far, which another process holds.</summary>
    public static Planted? ReusedToken(GeneratedHistory h, Random random)
    {
        var key = AnyKey(h, random);
        var grants = Grants(h, key).ToList();
        if (grants.Count == 0) return null;
        var from = grants.Min(g => g.Complete);
        var to = h.Ops.Max(o => o.Complete);
        var invoke = from + ((to - from) * (0.01 + (0.98 * random.NextDouble())));
        var op = NewOp(h, "planted-reuser", key, invoke, invoke + 0.01 + random.NextDouble());
        var token = LargestCompletedBefore(h, key, invoke);
        if (random.Next(2) == 0) Set(op, "acquire", OpValue.Null, OpValue.FromToken(token));
        else AnyAct(random, FreshSlot(h))(op, token);
        return One(ViolationKinds.TokenReuse, op);
    }

    /// <summary>A process of its own is granted a token nobody used, smaller than one whose grant completed.</summary>
    public static Planted? RegressedToken(GeneratedHistory h, Random random)
    {
        var key = AnyKey(h, random);
        var used = h.Ops.Where(o => o.Key == key).SelectMany(o => new[] { o.Input.Token, o.Output.Token }).OfType<long>().ToHashSet();
        var places = Grants(h, key).Select(g => g.Complete).Select(t => (Time: t, Tokens: Unused(used, LargestCompletedBefore(h, key, t + 1e-6)))).Where(p => p.Tokens.Count > 0).ToList();
        if (places.Count == 0) return null;
        var (time, tokens) = places[random.Next(places.Count)];
        var invoke = time + 1e-6 + random.NextDouble();
        var op = NewOp(h, "planted-regressor", key, invoke, invoke + 0.01 + random.NextDouble());
        Set(op, "acquire", OpValue.Null, OpValue.FromToken(tokens[random.Next(tokens.Count)]));
        return One(ViolationKinds.TokenRegression, op);
    }

    /// <summary>A job runs again the slot that one earlier job ran.</summary>
    public static Planted? DuplicateJob(GeneratedHistory h, Random random)
    {
        var jobs = h.Ops.Where(o => o is { F: "job", Outcome: GenOutcome.Ok }).GroupBy(o => (o.Key, o.Input.Slot)).Where(g => g.Count() == 1).Select(g => g.First()).ToList();
        var pairs = (from a in jobs from b in jobs where a.Key == b.Key && a.Invoke < b.Invoke select (a, b)).ToList();
        if (pairs.Count == 0) return null;
        var (first, later) = pairs[random.Next(pairs.Count)];
        later.Input = OpValue.Job(first.Input.Slot!.Value, later.Input.Token!.Value);
        return One(ViolationKinds.DuplicateJob, later);
    }

    /// <summary>The history line that completes <paramref name="op"/>, in <paramref name="history"/> built from <paramref name="h"/>.</summary>
    public static long CompletionLine(GeneratedHistory h, GenOp op, History history)
    {
        var rank = h.Ops.Where(o => o.Process == op.Process).OrderBy(o => o.Invoke).ToList().IndexOf(op);
        return history.Operations.Where(o => history.ProcessName(o.Process) == op.Process).ElementAt(rank).CompleteIndex;
    }

    private static Planted One(string kind, GenOp op) => new([(kind, op)]);
}
