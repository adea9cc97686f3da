namespace ElectionJepsen.TestSupport;

/// <summary>Knobs shared by the generators.</summary>
public sealed record GenOptions(int Processes = 5, int Operations = 200, int Keys = 1)
{
    /// <summary>Share of operations that end indeterminate (info, or open when last of their process).</summary>
    public double InfoRate { get; init; }

    /// <summary>Mean operation latency over mean think time: higher means more concurrency.</summary>
    public double Concurrency { get; init; } = 2.0;

    public int Values { get; init; } = 5;

    /// <summary>Lease: the chance that a holder's operation ends its epoch (a release or an expiry).</summary>
    public double Churn { get; init; } = 0.2;
}

/// <summary>
/// Seeded generators of histories that are valid by construction: every operation gets a
/// real-time window and a linearization point inside it, the model is run in the order of
/// those points, and each operation's kind and result are chosen so that it is legal there.
/// </summary>
public static partial class HistoryGenerator
{
    /// <summary>Windows for <paramref name="options"/>.Operations operations, ordered by their linearization points.</summary>
    internal static List<GenOp> Windows(Random random, GenOptions options)
    {
        var cursor = new double[options.Processes];
        var ops = new List<GenOp>(options.Operations);
        for (var i = 0; i < options.Operations; i++)
        {
            var p = 0;
            for (var q = 1; q < cursor.Length; q++)
            {
                if (cursor[q] < cursor[p]) p = q;
            }

            var invoke = cursor[p] + Exponential(random, 1.0);
            var complete = invoke + 0.01 + Exponential(random, options.Concurrency);
            var point = invoke + ((complete - invoke) * (0.05 + (0.9 * random.NextDouble())));
            cursor[p] = complete;
            ops.Add(new GenOp { Process = $"c{p + 1}", Invoke = invoke, Complete = complete, Point = point });
        }

        ops.Sort((a, b) => a.Point.CompareTo(b.Point));
        return ops;
    }

    /// <summary>Leaves the last operation of some processes open, as a run cut short would.</summary>
    internal static void OpenSomeLast(Random random, List<GenOp> ops, double rate)
    {
        if (rate <= 0) return;
        var last = new Dictionary<string, GenOp>();
        foreach (var op in ops)
        {
            if (!last.TryGetValue(op.Process, out var l) || op.Invoke > l.Invoke) last[op.Process] = op;
        }

        foreach (var op in last.Values)
        {
            if (op.Outcome == GenOutcome.Info && random.NextDouble() < 0.5) op.Outcome = GenOutcome.Open;
        }
    }

    internal static string KeyName(Random random, GenOptions options) =>
        options.Keys == 1 ? "leader" : $"k{random.Next(options.Keys)}";

    private static double Exponential(Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());
}
