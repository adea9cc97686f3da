using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.TestSupport;

public static partial class HistoryGenerator
{
    private sealed class LeaseKey
    {
        public string? Holder { get; set; }

        public long Token { get; set; }

        public string? Owner { get; set; }

        public long NextSlot { get; set; }

        public Dictionary<string, long> LastToken { get; } = [];
    }

    /// <summary>
    /// A valid fenced-lease history: candidates acquire, claim, write, run jobs and release;
    /// leases expire; others are refused while the lease is held; stale writes are refused by
    /// fencing; an owner may be granted its own token again.
    /// </summary>
    public static GeneratedHistory Lease(int seed, GenOptions options)
    {
        var random = new Random(seed);
        var ops = Windows(random, options);
        var keys = new Dictionary<string, LeaseKey>();
        var seq = new Dictionary<string, long>();
        foreach (var op in ops)
        {
            op.Key = KeyName(random, options);
            if (!keys.TryGetValue(op.Key, out var k)) keys[op.Key] = k = new LeaseKey();
            var info = random.NextDouble() < options.InfoRate;
            var applies = !info || random.NextDouble() < 0.5;
            LeaseStep(random, op, k, seq, applies, options.Churn);
            if (info && op.Outcome == GenOutcome.Ok) op.Outcome = GenOutcome.Info;
        }

        OpenSomeLast(random, ops, options.InfoRate);
        return new GeneratedHistory(ops);
    }

    private static void LeaseStep(Random random, GenOp op, LeaseKey k, Dictionary<string, long> seq, bool applies, double churn)
    {
        var p = op.Process;
        var r = random.NextDouble();
        if (k.Holder == p)
        {
            var token = k.Token;
            var stay = 1 - churn;
            if (r < 0.5 * stay) Set(op, "claim", OpValue.Absent, OpValue.Claim(true, token));
            else if (r < 0.875 * stay) Set(op, "write", OpValue.Write(token, seq[p] = seq.GetValueOrDefault(p) + 1), OpValue.Null);
            else if (r < stay) Set(op, "job", OpValue.Job(applies ? k.NextSlot++ : k.NextSlot + 1_000_000, token), OpValue.Null);
            else if (r < stay + (churn / 2))
            {
                Set(op, "release", OpValue.FromToken(token), OpValue.Null);
                if (applies) k.Holder = null;
            }
            else
            {
                // The lease expired just now: the holder no longer says it leads.
                Set(op, "claim", OpValue.Absent, OpValue.NotLeader);
                k.Holder = null;
            }

            return;
        }

        if (k.Holder is null)
        {
            var regrant = k.Owner == p && r < 0.3;
            var token = regrant ? k.Token : k.Token + 1 + random.Next(3);
            Set(op, "acquire", OpValue.Null, OpValue.FromToken(token));
            if (!applies) return;
            (k.Holder, k.Token, k.Owner) = (p, token, p);
            k.LastToken[p] = token;
            return;
        }

        if (r < 0.5)
        {
            Set(op, "acquire", OpValue.Null, OpValue.Null);
            Refuse(op, "held");
        }
        else if (r < 0.8 || !k.LastToken.TryGetValue(p, out var stale))
        {
            Set(op, "claim", OpValue.Absent, OpValue.NotLeader);
        }
        else
        {
            Set(op, "write", OpValue.Write(stale, seq[p] = seq.GetValueOrDefault(p) + 1), OpValue.Null);
            Refuse(op, "stale-token");
        }
    }

    private static void Set(GenOp op, string f, OpValue input, OpValue output)
    {
        op.F = f;
        op.Input = input;
        op.Output = output;
        op.Outcome = GenOutcome.Ok;
    }

    private static void Refuse(GenOp op, string error)
    {
        op.Outcome = GenOutcome.Fail;
        op.Error = error;
    }
}
