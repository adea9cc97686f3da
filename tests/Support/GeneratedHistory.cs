using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.TestSupport;

/// <summary>
/// Operations with real-time windows, turned into history lines: times become strictly
/// increasing integer nanoseconds (or, with ties, some equal to the line before), indices
/// follow the lines.
/// </summary>
public sealed class GeneratedHistory(List<GenOp> ops)
{
    public List<GenOp> Ops { get; } = ops;

    public List<HistoryEvent> Events(Random? tieRandom = null, double tieRate = 0)
    {
        var lines = new List<(double Time, int Order, GenOp Op, bool IsInvoke)>(Ops.Count * 2);
        for (var i = 0; i < Ops.Count; i++)
        {
            var op = Ops[i];
            lines.Add((op.Invoke, 2 * i, op, true));
            if (op.Outcome != GenOutcome.Open) lines.Add((op.Complete, (2 * i) + 1, op, false));
        }

        lines.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Order.CompareTo(b.Order));
        var events = new List<HistoryEvent>(lines.Count);
        long time = 0;
        var previous = 0.0;
        foreach (var (t, _, op, isInvoke) in lines)
        {
            var tie = tieRandom is not null && events.Count > 0 && tieRandom.NextDouble() < tieRate;
            if (!tie) time += Math.Max(1, (long)Math.Round((t - previous) * 1_000_000));
            previous = t;
            var type = isInvoke ? EventType.Invoke : op.Outcome switch
            {
                GenOutcome.Ok => EventType.Ok,
                GenOutcome.Fail => EventType.Fail,
                _ => EventType.Info,
            };
            var value = isInvoke ? op.Input : op.Outcome == GenOutcome.Ok ? op.Output : op.Input;
            var error = isInvoke ? null : op.Error;
            events.Add(new HistoryEvent(events.Count, time, op.Process, type, op.F, op.Key, value, error));
        }

        return events;
    }

    public History History(Random? tieRandom = null, double tieRate = 0) =>
        Checkers.History.History.FromEvents(Events(tieRandom, tieRate));

    public void WriteTo(string path)
    {
        using var writer = new HistoryWriter(path, flushInterval: TimeSpan.Zero);
        foreach (var ev in Events()) writer.Write(ev);
    }
}
