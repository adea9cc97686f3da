using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.TestSupport;

public static partial class Plants
{
    private static void Set(GenOp op, string f, OpValue input, OpValue output)
    {
        op.F = f;
        op.Input = input;
        op.Output = output;
        op.Outcome = GenOutcome.Ok;
    }

    private static GenOp NewOp(GeneratedHistory h, string process, string key, double invoke, double complete)
    {
        var op = new GenOp { Process = process, Key = key, Invoke = invoke, Complete = complete, Point = (invoke + complete) / 2 };
        h.Ops.Add(op);
        return op;
    }

    /// <summary>A process the generator made, not one of the plants' own.</summary>
    private static bool IsGenerated(GenOp op) => !op.Process.StartsWith("planted-", StringComparison.Ordinal);

    /// <summary>A time strictly inside (<paramref name="from"/>, <paramref name="to"/>), away from both ends.</summary>
    private static double Between(Random random, double from, double to) => from + ((to - from) * (0.1 + (0.8 * random.NextDouble())));

    /// <summary>The times a process is idle: from each operation's completion to its next invoke (the last: for 2 time units).</summary>
    private static IEnumerable<(double From, double To)> GapsOf(GeneratedHistory h, string process)
    {
        var mine = h.Ops.Where(o => o.Process == process).OrderBy(o => o.Invoke).ToList();
        for (var i = 0; i < mine.Count; i++)
        {
            yield return (mine[i].Complete, i + 1 < mine.Count ? mine[i + 1].Invoke : mine[i].Complete + 2);
        }
    }

    /// <summary>An ok leader claim, accepted write or job.</summary>
    private static bool IsAct(GenOp o) =>
        o.Outcome == GenOutcome.Ok && (o.F is "write" or "job" || (o.F == "claim" && o.Output.Leader == true));

    /// <summary>Ok acquires and acts of a key: what the model must linearize.</summary>
    private static IEnumerable<GenOp> Grants(GeneratedHistory h, string key) =>
        h.Ops.Where(o => o.Key == key && (IsAct(o) || o is { F: "acquire", Outcome: GenOutcome.Ok }));

    private static long? TokenOf(GenOp o) => o.F is "acquire" or "claim" ? o.Output.Token : o.Input.Token;

    private static long LargestCompletedBefore(GeneratedHistory h, string key, double time) =>
        Grants(h, key).Where(g => g.Complete < time).Select(g => TokenOf(g)!.Value).DefaultIfEmpty(0).Max();

    /// <summary>When a grant or act with a token larger than <paramref name="token"/> first completed (infinity if never).</summary>
    private static double FirstLargerCompleted(GeneratedHistory h, string key, long token) =>
        Grants(h, key).Where(g => TokenOf(g) > token).Select(g => g.Complete).DefaultIfEmpty(double.PositiveInfinity).Min();

    /// <summary>The tokens from 1 up to <paramref name="below"/> (excluded) that are not in <paramref name="used"/>.</summary>
    private static List<long> Unused(HashSet<long> used, long below) =>
        [.. Enumerable.Range(1, (int)Math.Max(0, below - 1)).Select(t => (long)t).Where(t => !used.Contains(t))];

    private static long FreshSlot(GeneratedHistory h) =>
        h.Ops.Select(o => o.Input.Slot).OfType<long>().DefaultIfEmpty(0).Max() + 1;

    private static string AnyKey(GeneratedHistory h, Random random) => h.Ops[random.Next(h.Ops.Count)].Key;
}
