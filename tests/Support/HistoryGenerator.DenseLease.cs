using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.TestSupport;

public static partial class HistoryGenerator
{
    /// <summary>
    /// A valid fenced-lease history in which every operation matters to the model: epoch after
    /// epoch, a random process is granted the next token and acts with it a few times, and
    /// operations' windows stretch over neighbouring epochs (up to
    /// <see cref="GenOptions.Concurrency"/> linearization points either side), so that old
    /// leaders' acts overlap new grants. A benchmark of the lease search, not a realistic run.
    /// </summary>
    public static GeneratedHistory DenseLease(int seed, GenOptions options)
    {
        var random = new Random(seed);
        var lastComplete = new Dictionary<string, double>();
        var ops = new List<GenOp>(options.Operations);
        long token = 0;
        var point = 0.0;
        while (ops.Count < options.Operations)
        {
            var process = $"c{random.Next(options.Processes) + 1}";
            token += 1 + random.Next(2);
            var acts = 1 + random.Next(4);
            for (var i = 0; i <= acts && ops.Count < options.Operations; i++)
            {
                point += 1;
                var earliest = lastComplete.GetValueOrDefault(process, double.MinValue) + 0.01;
                var invoke = Math.Max(earliest, point - (options.Concurrency * random.NextDouble()));
                if (invoke >= point)
                {
                    // The process is still busy with its previous operation: let time pass.
                    point = invoke + 0.01;
                }

                var complete = point + 0.01 + (options.Concurrency * random.NextDouble());
                lastComplete[process] = complete;
                var op = new GenOp { Process = process, Key = "leader", Invoke = invoke, Point = point, Complete = complete };
                if (i == 0) Set(op, "acquire", OpValue.Null, OpValue.FromToken(token));
                else if (random.Next(2) == 0) Set(op, "claim", OpValue.Absent, OpValue.Claim(true, token));
                else Set(op, "write", OpValue.Write(token, ops.Count), OpValue.Null);
                ops.Add(op);
            }
        }

        return new GeneratedHistory(ops);
    }
}
