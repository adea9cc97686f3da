using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.TestSupport;

/// <summary>
/// The oracle for small histories: tries every order of the operations that real time
/// allows, with every indeterminate operation either left out or taking effect in every
/// way it could have (an indeterminate acquire granting any token, an indeterminate claim
/// answering anything), straight from the sequential specifications of docs/history.md.
/// It shares no code with the checkers beyond the history reader.
/// </summary>
public static class BruteForce
{
    private sealed record Candidate(long Call, long Return, bool Required, Func<State, IEnumerable<State>> Next);

    /// <summary>The state of every model at once: lease (holder, token, owner), lock, register value.</summary>
    private sealed record State(int Holder, long Token, int Owner, bool Locked, string Value);

    public static bool IsLinearizable(History history, string model)
    {
        foreach (var key in history.Operations.Select(o => o.Key).Distinct())
        {
            var ops = history.Operations.Where(o => o.Key == key && o.Outcome != Outcome.Fail).ToList();
            var tokens = history.Operations.SelectMany(o => new[] { o.Input.Token, o.Output.Token }).OfType<long>().ToHashSet();
            var candidates = ops.Select(o => Effects(o, model, tokens)).OfType<Candidate>().ToList();
            if (candidates.Count > 24) throw new ArgumentException("too many operations for the brute-force checker");
            var seen = new HashSet<(int, State)>();
            if (!Search(candidates, 0, new State(-1, 0, -1, false, "null"), seen)) return false;
        }

        return true;
    }

    private static bool Search(List<Candidate> ops, int done, State state, HashSet<(int, State)> seen)
    {
        if (ops.Select((o, i) => (o, i)).All(x => !x.o.Required || (done & (1 << x.i)) != 0)) return true;
        if (!seen.Add((done, state))) return false;
        for (var i = 0; i < ops.Count; i++)
        {
            if ((done & (1 << i)) != 0) continue;
            var op = ops[i];

            // It may come next only if no operation still to come must precede it.
            var blocked = false;
            for (var j = 0; j < ops.Count && !blocked; j++)
            {
                blocked = j != i && (done & (1 << j)) == 0 && ops[j].Required && ops[j].Return < op.Call;
            }

            if (blocked) continue;
            foreach (var next in op.Next(state))
            {
                if (Search(ops, done | (1 << i), next, seen)) return true;
            }
        }

        return false;
    }

    private static Candidate? Effects(Operation o, string model, HashSet<long> tokens)
    {
        var ok = o.Outcome == Outcome.Ok;
        var next = model switch
        {
            "fenced-lease" => LeaseEffects(o, ok, tokens),
            "mutex" => MutexEffects(o),
            _ => RegisterEffects(o, ok),
        };
        return next is null ? null : new Candidate(o.InvokeTime, ok ? o.CompleteTime : long.MaxValue, ok, next);
    }

    private static IEnumerable<State> One(State? s) => s is null ? [] : [s];

    private static Func<State, IEnumerable<State>>? LeaseEffects(Operation o, bool ok, HashSet<long> tokens)
    {
        var p = o.Process;
        State? Grant(State s, long k) => s.Owner < 0 || k > s.Token || (k == s.Token && s.Owner == p) ? s with { Holder = p, Token = k, Owner = p } : null;
        State? Act(State s, long k) => (s.Holder == p && s.Token == k) || s.Owner < 0 || k > s.Token ? s with { Holder = p, Token = k, Owner = p } : null;

        // Every token an indeterminate grant or claim could have carried: those in the history, and fresh ones.
        IEnumerable<long> AnyToken(State s) => tokens.Append(s.Token).Append(s.Token + 1).Append(tokens.DefaultIfEmpty(0).Max() + 1).Where(k => k >= 0).Distinct();
        switch (o.F)
        {
            case "acquire" when ok:
                var granted = o.Output.Token!.Value;
                return s => One(Grant(s, granted));
            case "acquire":
                return s => AnyToken(s).Select(k => Grant(s, k)).OfType<State>();
            case "release":
                var released = o.Input.Token!.Value;
                return s => [s.Holder == p && s.Token == released ? s with { Holder = -1 } : s];
            case "claim" when ok && o.Output.Leader == false:
                return s => [s];
            case "claim" when ok:
                var claimed = o.Output.Token!.Value;
                return s => One(Act(s, claimed));
            case "claim":
                return s => AnyToken(s).Select(k => Act(s, k)).OfType<State>().Prepend(s);
            case "write" or "job":
                var token = o.Input.Token!.Value;
                return s => One(Act(s, token));
            default:
                return null;
        }
    }

    private static Func<State, IEnumerable<State>>? MutexEffects(Operation o) => o.F switch
    {
        "acquire" => s => s.Locked ? [] : [s with { Locked = true }],
        "release" => s => s.Locked ? [s with { Locked = false }] : [],
        _ => null,
    };

    private static Func<State, IEnumerable<State>>? RegisterEffects(Operation o, bool ok)
    {
        switch (o.F)
        {
            case "read" when ok:
                var read = o.Output.ToJson();
                return s => s.Value == read ? [s] : [];
            case "read":
                return s => [s];
            case "write":
                var written = o.Input.ToJson()!;
                return s => [s with { Value = written }];
            case "cas":
                var args = o.Input.Json!.Trim('[', ']').Split(',');
                var (from, to) = (args[0], args[1]);
                if (!ok) return s => [s.Value == from ? s with { Value = to } : s];
                return o.Output.Json == "true"
                    ? s => s.Value == from ? [s with { Value = to }] : []
                    : s => s.Value != from ? [s] : [];
            default:
                return null;
        }
    }
}
