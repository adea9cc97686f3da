using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.TestSupport;

public static partial class HistoryGenerator
{
    /// <summary>
    /// A valid mutex history where every acquire waits until it is granted, first come first
    /// served, so that while one process holds the lock all the others have an acquire
    /// pending: the hard case for a linearizability search. Every operation is ok.
    /// </summary>
    public static GeneratedHistory BlockingMutex(int seed, GenOptions options)
    {
        var random = new Random(seed);
        var requestAt = Enumerable.Range(0, options.Processes).Select(_ => Exponential(random, 1.0)).ToArray();
        var ops = new List<GenOp>(options.Operations);
        var freeAt = 0.0;
        while (ops.Count + 2 <= options.Operations)
        {
            var p = Array.IndexOf(requestAt, requestAt.Min());
            var process = $"c{p + 1}";
            var granted = Math.Max(requestAt[p], freeAt) + 0.001 + (0.01 * random.NextDouble());
            var acquired = granted + Exponential(random, 0.05);
            ops.Add(new GenOp { Process = process, Key = "lock", F = "acquire", Invoke = requestAt[p], Point = granted, Complete = acquired });
            var releaseAt = acquired + Exponential(random, 1.0 / options.Concurrency);
            var released = releaseAt + 0.001 + (0.01 * random.NextDouble());
            var releaseDone = released + Exponential(random, 0.05);
            ops.Add(new GenOp { Process = process, Key = "lock", F = "release", Invoke = releaseAt, Point = released, Complete = releaseDone });
            freeAt = released;
            requestAt[p] = releaseDone + Exponential(random, 0.5);
        }

        foreach (var op in ops)
        {
            op.Input = OpValue.Absent;
            op.Output = OpValue.Absent;
        }

        return new GeneratedHistory(ops);
    }
}
