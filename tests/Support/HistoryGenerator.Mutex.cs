using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.TestSupport;

public static partial class HistoryGenerator
{
    /// <summary>
    /// A valid mutex history: at its linearization point a process releases the lock it
    /// holds or takes a free one; an acquire that finds the lock held fails.
    /// </summary>
    public static GeneratedHistory Mutex(int seed, GenOptions options)
    {
        var random = new Random(seed);
        var ops = Windows(random, options);
        var holders = new Dictionary<string, string?>();
        foreach (var op in ops)
        {
            op.Key = KeyName(random, options);
            var holder = holders.GetValueOrDefault(op.Key);
            var info = random.NextDouble() < options.InfoRate;
            var applies = !info || random.NextDouble() < 0.5;
            if (holder == op.Process)
            {
                Set(op, "release", OpValue.Absent, OpValue.Absent);
                if (applies) holders[op.Key] = null;
            }
            else if (holder is null)
            {
                Set(op, "acquire", OpValue.Absent, OpValue.Absent);
                if (applies) holders[op.Key] = op.Process;
            }
            else
            {
                Set(op, "acquire", OpValue.Absent, OpValue.Absent);
                Refuse(op, "held");
            }

            if (info && op.Outcome == GenOutcome.Ok) op.Outcome = GenOutcome.Info;
        }

        OpenSomeLast(random, ops, options.InfoRate);
        return new GeneratedHistory(ops);
    }

    /// <summary>
    /// A valid register (or cas-register) history over the values 0 to Values-1: reads
    /// return the value at their linearization point, cas swaps when the value matches.
    /// </summary>
    public static GeneratedHistory Register(int seed, GenOptions options, bool cas = false)
    {
        var random = new Random(seed);
        var ops = Windows(random, options);
        var values = new Dictionary<string, OpValue>();
        foreach (var op in ops)
        {
            op.Key = KeyName(random, options);
            var current = values.TryGetValue(op.Key, out var v) ? v : OpValue.Null;
            var info = random.NextDouble() < options.InfoRate;
            var applies = !info || random.NextDouble() < 0.5;
            var r = random.NextDouble();
            if (r < 0.5)
            {
                Set(op, "read", OpValue.Null, current);
            }
            else if (r < 0.8 || !cas)
            {
                var value = OpValue.FromInt64(random.Next(options.Values));
                Set(op, "write", value, OpValue.Null);
                if (applies) values[op.Key] = value;
            }
            else
            {
                var from = random.NextDouble() < 0.6 ? current : OpValue.FromInt64(random.Next(options.Values));
                var to = OpValue.FromInt64(random.Next(options.Values));
                var swapped = from == current;
                Set(op, "cas", OpValue.FromJson($"[{from.ToJson()},{to.ToJson()}]"), OpValue.FromJson(swapped ? "true" : "false"));
                if (applies && swapped) values[op.Key] = to;
            }

            if (info && op.Outcome == GenOutcome.Ok) op.Outcome = GenOutcome.Info;
        }

        OpenSomeLast(random, ops, options.InfoRate);
        return new GeneratedHistory(ops);
    }
}
