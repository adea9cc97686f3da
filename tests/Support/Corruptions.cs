using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.TestSupport;

/// <summary>
/// Ways to break a valid generated history so that it is certainly invalid. Each returns
/// false when the history offers no place for that corruption. They are meant for
/// histories without indeterminate operations, where "certainly" holds.
/// </summary>
public static class Corruptions
{
    /// <summary>A process claims its old token after a larger token's grant completed.</summary>
    public static bool StaleClaim(GeneratedHistory h, Random random)
    {
        var candidates = new List<(GenOp Op, long Token)>();
        foreach (var op in h.Ops.Where(o => o is { F: "claim", Outcome: GenOutcome.Ok } && o.Output.Leader == false))
        {
            var mine = Grants(h).Where(g => g.Process == op.Process && g.Key == op.Key && g.Complete < op.Invoke).ToList();
            if (mine.Count == 0) continue;
            var old = mine.Max(g => g.Output.Token ?? g.Input.Token)!.Value;
            if (Grants(h).Any(g => g.Key == op.Key && (g.Output.Token ?? g.Input.Token) > old && g.Complete < op.Invoke)) candidates.Add((op, old));
        }

        if (candidates.Count == 0) return false;
        var (victim, token) = candidates[random.Next(candidates.Count)];
        victim.Output = OpValue.Claim(true, token);
        return true;
    }

    /// <summary>A later grant returns a token another process was granted earlier.</summary>
    public static bool ReusedToken(GeneratedHistory h, Random random)
    {
        var acquires = h.Ops.Where(o => o is { F: "acquire", Outcome: GenOutcome.Ok }).ToList();
        var pairs = (from a in acquires from b in acquires
                     where a.Key == b.Key && a.Process != b.Process && a.Complete < b.Invoke && a.Output.Token != b.Output.Token
                     select (a, b)).ToList();
        if (pairs.Count == 0) return false;
        var (first, later) = pairs[random.Next(pairs.Count)];
        later.Output = OpValue.FromToken(first.Output.Token!.Value);
        return true;
    }

    /// <summary>A grant returns a token smaller than one whose grant had completed.</summary>
    public static bool RegressedToken(GeneratedHistory h, Random random)
    {
        var acquires = h.Ops.Where(o => o is { F: "acquire", Outcome: GenOutcome.Ok }).ToList();
        var victims = acquires.Where(b => acquires.Any(a => a.Key == b.Key && a.Complete < b.Invoke && a.Output.Token > 1)).ToList();
        if (victims.Count == 0) return false;
        var victim = victims[random.Next(victims.Count)];
        var floor = acquires.Where(a => a.Key == victim.Key && a.Complete < victim.Invoke).Max(a => a.Output.Token!.Value);

        // A smaller token that no other process used, so that this is a regression and not a reuse.
        var usedByOthers = Grants(h).Where(g => g.Key == victim.Key && g.Process != victim.Process).Select(g => g.Output.Token ?? g.Input.Token).ToHashSet();
        var smaller = Enumerable.Range(1, (int)floor - 1).Select(t => (long)t).Where(t => !usedByOthers.Contains(t)).ToList();
        if (smaller.Count == 0) return false;
        victim.Output = OpValue.FromToken(smaller[random.Next(smaller.Count)]);
        return true;
    }

    /// <summary>A process claims a token after its own release of it, with no grant between.</summary>
    public static bool ActAfterRelease(GeneratedHistory h, Random random)
    {
        var candidates = new List<(GenOp Op, long Token)>();
        foreach (var release in h.Ops.Where(o => o is { F: "release", Outcome: GenOutcome.Ok }))
        {
            var after = h.Ops.Where(o => o.Process == release.Process && o.Key == release.Key && o.Invoke > release.Complete).OrderBy(o => o.Invoke);
            foreach (var op in after)
            {
                if (op.F == "acquire") break;
                var released = release.Input.Token!.Value;
                var superseded = Grants(h).Any(g => g.Key == op.Key && (g.Output.Token ?? g.Input.Token) > released && g.Complete < op.Invoke);
                if (op is { F: "claim", Outcome: GenOutcome.Ok } && op.Output.Leader == false && !superseded)
                {
                    candidates.Add((op, release.Input.Token!.Value));
                    break;
                }
            }
        }

        if (candidates.Count == 0) return false;
        var (victim, token) = candidates[random.Next(candidates.Count)];
        victim.Output = OpValue.Claim(true, token);
        return true;
    }

    /// <summary>A later job runs a slot that already ran.</summary>
    public static bool DuplicateJob(GeneratedHistory h, Random random)
    {
        var jobs = h.Ops.Where(o => o is { F: "job", Outcome: GenOutcome.Ok }).ToList();
        var pairs = (from a in jobs from b in jobs where a.Key == b.Key && a.Invoke < b.Invoke select (a, b)).ToList();
        if (pairs.Count == 0) return false;
        var (first, later) = pairs[random.Next(pairs.Count)];
        later.Input = OpValue.Job(first.Input.Slot!.Value, later.Input.Token!.Value);
        return true;
    }

    /// <summary>A read returns a value the register cannot hold then: no write overlaps it.</summary>
    public static bool ImpossibleRead(GeneratedHistory h, Random random, int values)
    {
        var reads = h.Ops.Where(r => r is { F: "read", Outcome: GenOutcome.Ok } &&
            !h.Ops.Any(w => w.F is "write" or "cas" && w.Key == r.Key && w.Invoke < r.Complete && w.Complete > r.Invoke)).ToList();
        if (reads.Count == 0) return false;
        var victim = reads[random.Next(reads.Count)];
        victim.Output = OpValue.FromInt64(values + 7);
        return true;
    }

    /// <summary>
    /// A second process acquires the lock while its holder certainly holds it: a failed
    /// acquire invoked after the holder's acquire completed and completed before the holder's
    /// release was invoked becomes ok. With <paramref name="from"/> the victim is taken from
    /// that fraction of the history on (late victims make the search work hardest).
    /// </summary>
    public static bool DoubleAcquire(GeneratedHistory h, Random random, double from = 0)
    {
        var byPoint = h.Ops.OrderBy(o => o.Point).ToList();
        var holding = new Dictionary<string, GenOp>();
        var releaseOf = new Dictionary<GenOp, GenOp>();
        var heldDuring = new List<(GenOp Victim, GenOp Acquire)>();
        foreach (var op in byPoint)
        {
            if (op is { F: "acquire", Outcome: GenOutcome.Ok }) holding[op.Key] = op;
            else if (op is { F: "release", Outcome: GenOutcome.Ok } && holding.Remove(op.Key, out var acquire)) releaseOf[acquire] = op;
            else if (op is { F: "acquire", Outcome: GenOutcome.Fail } && holding.TryGetValue(op.Key, out var held)) heldDuring.Add((op, held));
        }

        var start = h.Ops.Min(o => o.Invoke) + ((h.Ops.Max(o => o.Complete) - h.Ops.Min(o => o.Invoke)) * from);
        var victims = heldDuring.Where(x => x.Victim.Invoke >= start && x.Acquire.Complete < x.Victim.Invoke &&
            releaseOf.TryGetValue(x.Acquire, out var release) && release.Invoke > x.Victim.Complete).Select(x => x.Victim).ToList();
        if (victims.Count == 0) return false;
        var victim = victims[random.Next(victims.Count)];
        victim.Outcome = GenOutcome.Ok;
        victim.Error = null;
        return true;
    }

    /// <summary>
    /// In a blocking-mutex history, an acquire completes before the previous holder began to
    /// release: two processes certainly hold the lock at once. The victim is taken from the
    /// <paramref name="from"/> fraction of the history on.
    /// </summary>
    public static bool EarlyGrant(GeneratedHistory h, Random random, double from = 0)
    {
        var acquires = h.Ops.Where(o => o.F == "acquire").OrderBy(o => o.Point).ToList();
        var releases = h.Ops.Where(o => o.F == "release").ToDictionary(o => (o.Process, o.Invoke));
        var candidates = new List<(int Index, GenOp Victim, double Complete)>();
        for (var i = (int)(acquires.Count * from); i < acquires.Count; i++)
        {
            if (i == 0) continue;
            var holder = acquires[i - 1];
            var victim = acquires[i];
            var holderRelease = h.Ops.FirstOrDefault(o => o.Process == holder.Process && o.F == "release" && o.Invoke > holder.Complete);
            var earliest = Math.Max(victim.Invoke, holder.Complete);
            if (holderRelease is null || holder.Process == victim.Process || earliest >= holderRelease.Invoke) continue;
            candidates.Add((i, victim, (earliest + holderRelease.Invoke) / 2));
            if (candidates.Count > 50) break;
        }

        if (candidates.Count == 0) return false;
        var (_, chosen, complete) = candidates[random.Next(candidates.Count)];
        var index = h.Ops.IndexOf(chosen);
        h.Ops[index] = new GenOp
        {
            Process = chosen.Process, Key = chosen.Key, F = chosen.F, Input = chosen.Input, Output = chosen.Output,
            Invoke = chosen.Invoke, Point = Math.Min(chosen.Point, complete), Complete = complete,
        };
        return true;
    }

    private static IEnumerable<GenOp> Grants(GeneratedHistory h) => h.Ops.Where(o =>
        o.Outcome == GenOutcome.Ok && (o.F == "acquire" || (o.F == "claim" && o.Output.Leader == true) || o.F is "write" or "job"));
}
