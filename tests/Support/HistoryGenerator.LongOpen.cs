using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.TestSupport;

/// <summary>How the operation that stays open long ends.</summary>
public enum LongOpenEnd
{
    /// <summary>Granted last: ok at the very end of the history.</summary>
    OkLast,

    /// <summary>Never completed: still open when the history ends.</summary>
    Open,
}

public static partial class HistoryGenerator
{
    /// <summary>The process of the operation that stays open long.</summary>
    public const string LongOpenProcess = "starved";

    /// <summary>
    /// A valid blocking-mutex history with one more client whose acquire is invoked before
    /// every other operation and is granted only after the last release (or never): a
    /// starved client, the shape that once made the search quadratic.
    /// </summary>
    public static GeneratedHistory StarvedMutex(int seed, GenOptions options, LongOpenEnd end) =>
        WithLongOpen(BlockingMutex(seed, options), "lock", "acquire", OpValue.Absent, OpValue.Absent, end);

    /// <summary>
    /// A valid fenced-lease history with one more candidate that campaigns from before the
    /// first operation to after the last (behind a partition all run) and wins a token
    /// larger than every other.
    /// </summary>
    public static GeneratedHistory LongCampaignLease(int seed, GenOptions options)
    {
        var h = Lease(seed, options);
        var top = h.Ops.Select(o => o.Output.Token ?? o.Input.Token ?? 0).DefaultIfEmpty(0).Max();
        return WithLongOpen(h, "leader", "acquire", OpValue.Null, OpValue.FromToken(top + 1), LongOpenEnd.OkLast);
    }

    /// <summary>
    /// A storm: <paramref name="processes"/> candidates campaign at once; each is granted in
    /// turn (tokens 1, 2, ...), holds the lease a moment and releases it, while the others
    /// still wait. Valid; every acquire is concurrent with every other.
    /// </summary>
    public static GeneratedHistory AcquireStorm(int seed, int processes)
    {
        var random = new Random(seed);
        var order = Enumerable.Range(1, processes).OrderBy(_ => random.Next()).ToArray();
        var ops = new List<GenOp>(2 * processes);
        var t = 1.0;
        for (var token = 1; token <= processes; token++)
        {
            var process = $"c{order[token - 1]}";
            var granted = t + (0.001 * random.NextDouble());
            ops.Add(new GenOp { Process = process, Key = "leader", F = "acquire", Invoke = 0.5 * random.NextDouble(), Point = granted, Complete = granted + 0.002, Input = OpValue.Null, Output = OpValue.FromToken(token) });
            ops.Add(new GenOp { Process = process, Key = "leader", F = "release", Invoke = granted + 0.003, Point = granted + 0.004, Complete = granted + 0.005, Input = OpValue.FromToken(token), Output = OpValue.Null });
            t = granted + 0.01;
        }

        return new GeneratedHistory(ops);
    }

    private static GeneratedHistory WithLongOpen(GeneratedHistory h, string key, string f, OpValue input, OpValue output, LongOpenEnd end)
    {
        var first = h.Ops.Count == 0 ? 0 : h.Ops.Min(o => o.Invoke);
        var last = h.Ops.Count == 0 ? 1 : h.Ops.Max(o => o.Complete);
        h.Ops.Add(new GenOp
        {
            Process = LongOpenProcess, Key = key, F = f, Input = input, Output = output,
            Invoke = first / 2, Point = last + 0.001, Complete = last + 0.002,
            Outcome = end == LongOpenEnd.Open ? GenOutcome.Open : GenOutcome.Ok,
        });
        return h;
    }
}
