using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.TestSupport;

public static partial class Plants
{
    /// <summary>
    /// An act by a generated process with a token it was granted and never released, invoked in
    /// a gap of its timeline after a larger token's grant completed, where it had no stale act yet.
    /// </summary>
    private static Planted? Stale(GeneratedHistory h, Random random, Action<GenOp, long> make, string? key = null)
    {
        var places = new List<(GenOp Grant, double From, double To)>();
        foreach (var grant in h.Ops.Where(o => o is { F: "acquire", Outcome: GenOutcome.Ok } && IsGenerated(o) && (key is null || o.Key == key)))
        {
            var token = grant.Output.Token!.Value;
            if (h.Ops.Any(o => o is { F: "release" } && o.Process == grant.Process && o.Key == grant.Key && o.Input.Token == token)) continue;
            var superseded = FirstLargerCompleted(h, grant.Key, token);

            // Stale acts of one process and token fold into one violation: one plant each.
            if (h.Ops.Any(o => IsAct(o) && o.Process == grant.Process && o.Key == grant.Key && TokenOf(o) == token && o.Invoke > superseded)) continue;
            foreach (var (from, to) in GapsOf(h, grant.Process).Where(g => g.From >= grant.Complete))
            {
                var start = Math.Max(from, superseded);
                if (start < to) places.Add((grant, start, to));
            }
        }

        if (places.Count == 0) return null;
        var (g, lo, hi) = places[random.Next(places.Count)];
        var invoke = Between(random, lo, hi);
        var op = NewOp(h, g.Process, g.Key, invoke, Between(random, invoke, hi));
        make(op, g.Output.Token!.Value);
        return new([(StaleKind(op), op), .. DuplicateOf(h, op)]);
    }

    /// <summary>
    /// An act by a generated process with a token after its own release of it completed, with
    /// no acquire of it between, in a gap of its timeline; invoked after a larger token's grant
    /// completed when <paramref name="stale"/>, before it otherwise. No other act follows that release.
    /// </summary>
    private static Planted? AfterRelease(GeneratedHistory h, Random random, bool stale, Action<GenOp, long> make, string? key = null)
    {
        var places = new List<(GenOp Release, double From, double To)>();
        foreach (var release in h.Ops.Where(o => o is { F: "release", Outcome: GenOutcome.Ok } && IsGenerated(o) && (key is null || o.Key == key)))
        {
            var token = release.Input.Token!.Value;
            var mine = h.Ops.Where(o => o.Process == release.Process && o.Key == release.Key && o.Invoke > release.Complete).ToList();
            var regranted = mine.Where(o => o is { F: "acquire", Outcome: GenOutcome.Ok }).Select(o => o.Invoke).DefaultIfEmpty(double.PositiveInfinity).Min();
            if (mine.Any(o => o.Invoke < regranted && IsAct(o) && TokenOf(o) == token)) continue;
            var superseded = FirstLargerCompleted(h, release.Key, token);
            foreach (var (from, to) in GapsOf(h, release.Process).Where(g => g.From >= release.Complete && g.From < regranted))
            {
                var (lo, hi) = stale ? (Math.Max(from, superseded), to) : (from, Math.Min(to, superseded));
                if (lo < hi) places.Add((release, lo, hi));
            }
        }

        if (places.Count == 0) return null;
        var (r, start, end) = places[random.Next(places.Count)];
        var invoke = Between(random, start, end);
        var gapEnd = GapsOf(h, r.Process).First(g => g.From <= invoke && invoke < g.To).To;
        var op = NewOp(h, r.Process, r.Key, invoke, Between(random, invoke, gapEnd));
        make(op, r.Input.Token!.Value);
        List<(string Kind, GenOp Op)> evidence = [(ViolationKinds.ActedAfterRelease, op), .. DuplicateOf(h, op)];
        if (stale) evidence.Add((StaleKind(op), op));
        return new(evidence);
    }

    private static void Claim(GenOp op, long token) => Set(op, "claim", OpValue.Absent, OpValue.Claim(true, token));

    /// <summary>An accepted write, or a job of <paramref name="slot"/>.</summary>
    private static Action<GenOp, long> Accepted(Random random, long slot) => (op, token) =>
    {
        if (random.Next(2) == 0) Set(op, "write", OpValue.Write(token, 1), OpValue.Null);
        else Set(op, "job", OpValue.Job(slot, token), OpValue.Null);
    };

    /// <summary>A claim, an accepted write, or a job of <paramref name="slot"/>.</summary>
    private static Action<GenOp, long> AnyAct(Random random, long slot) => (op, token) =>
    {
        if (random.Next(3) == 0) Claim(op, token);
        else Accepted(random, slot)(op, token);
    };

    private static string StaleKind(GenOp act) => act.F == "claim" ? ViolationKinds.StaleLeader : ViolationKinds.StaleWriteAccepted;

    /// <summary>The duplicate-job evidence when <paramref name="op"/> is a job of a slot another job ran.</summary>
    private static IEnumerable<(string Kind, GenOp Op)> DuplicateOf(GeneratedHistory h, GenOp op) =>
        op.F == "job" && h.Ops.Any(o => o != op && o is { F: "job", Outcome: GenOutcome.Ok } && o.Key == op.Key && o.Input.Slot == op.Input.Slot)
            ? [(ViolationKinds.DuplicateJob, op)]
            : [];
}
