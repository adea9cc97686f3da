using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.TestSupport;

/// <summary>
/// Small random histories with no regard for validity: any function, small tokens or
/// values, any outcome, times with many ties. Valid and invalid ones alike, and every odd
/// corner (indeterminate grants, releases of unheld tokens, equal timestamps) turns up;
/// they are for comparing checkers with the brute-force oracle.
/// </summary>
public static class WildHistories
{
    public static History Lease(Random r, int processes = 3, int maxOpsPerProcess = 4) =>
        Build(r, processes, maxOpsPerProcess, (op, p) =>
        {
            var token = r.Next(1, 4);
            switch (r.Next(5))
            {
                case 0:
                    op.F = "acquire";
                    op.Input = OpValue.Null;
                    op.Output = OpValue.FromToken(token);
                    break;
                case 1:
                    op.F = "release";
                    op.Input = OpValue.FromToken(token);
                    op.Output = OpValue.Null;
                    break;
                case 2:
                    op.F = "claim";
                    op.Output = OpValue.Claim(r.Next(4) > 0, token);
                    break;
                case 3:
                    op.F = "write";
                    op.Input = OpValue.Write(token, p);
                    op.Output = OpValue.Null;
                    op.Error = "stale-token";
                    break;
                default:
                    op.F = "job";
                    op.Input = OpValue.Job(r.Next(2), token);
                    op.Output = OpValue.Null;
                    break;
            }
        });

    public static History Mutex(Random r, int processes = 3, int maxOpsPerProcess = 4) =>
        Build(r, processes, maxOpsPerProcess, (op, _) => op.F = r.Next(2) == 0 ? "acquire" : "release");

    public static History Register(Random r, bool cas, int processes = 3, int maxOpsPerProcess = 4) =>
        Build(r, processes, maxOpsPerProcess, (op, _) =>
        {
            OpValue Value() => r.Next(4) == 0 ? OpValue.Null : OpValue.FromInt64(r.Next(3));
            switch (r.Next(cas ? 3 : 2))
            {
                case 0:
                    op.F = "read";
                    op.Input = OpValue.Null;
                    op.Output = Value();
                    break;
                case 1:
                    op.F = "write";
                    op.Input = Value();
                    op.Output = OpValue.Null;
                    break;
                default:
                    op.F = "cas";
                    op.Input = OpValue.FromJson($"[{Value().ToJson()},{Value().ToJson()}]");
                    op.Output = OpValue.FromJson(r.Next(2) == 0 ? "true" : "false");
                    break;
            }
        });

    private static History Build(Random r, int processes, int maxOps, Action<GenOp, int> fill)
    {
        var lines = new List<(long Time, double Tiebreak, int Process, int Seq, HistoryEvent Event)>();
        for (var p = 0; p < processes; p++)
        {
            long t = r.Next(3);
            var count = r.Next(1, maxOps + 1);
            var seq = 0;
            for (var i = 0; i < count; i++)
            {
                var invoke = t + r.Next(3);
                var complete = invoke + r.Next(4);
                t = complete;
                var op = new GenOp { Process = $"c{p + 1}", Key = "leader", Invoke = invoke, Complete = complete, Point = invoke };
                fill(op, p);
                var roll = r.NextDouble();
                var type = roll < 0.6 ? EventType.Ok : roll < 0.75 ? EventType.Fail : EventType.Info;
                var open = i == count - 1 && type == EventType.Info && r.Next(2) == 0;
                lines.Add((invoke, r.NextDouble(), p, seq++, new HistoryEvent(0, invoke, op.Process, EventType.Invoke, op.F, op.Key, op.Input, null)));
                if (open) break;
                var value = type == EventType.Ok ? op.Output : op.Input;
                var error = type == EventType.Fail ? op.Error ?? "refused" : null;
                lines.Add((complete, r.NextDouble(), p, seq++, new HistoryEvent(0, complete, op.Process, type, op.F, op.Key, value, error)));
            }
        }

        // Order by time; at equal times, interleave processes at random but keep each process's own order.
        lines.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : a.Tiebreak.CompareTo(b.Tiebreak));
        FixProcessOrder(lines);
        var events = lines.Select((l, i) => l.Event with { Index = i }).ToList();
        return History.FromEvents(events);
    }

    /// <summary>Random tie-breaking can put a process's later line before its earlier one at the same time: undo that.</summary>
    private static void FixProcessOrder(List<(long Time, double Tiebreak, int Process, int Seq, HistoryEvent Event)> lines)
    {
        var start = 0;
        while (start < lines.Count)
        {
            var end = start;
            while (end < lines.Count && lines[end].Time == lines[start].Time) end++;
            var group = lines.GetRange(start, end - start);
            foreach (var byProcess in group.GroupBy(l => l.Process))
            {
                var slots = group.Select((l, i) => (l, i)).Where(x => x.l.Process == byProcess.Key).Select(x => x.i).ToList();
                var ordered = byProcess.OrderBy(l => l.Seq).ToList();
                for (var k = 0; k < slots.Count; k++) lines[start + slots[k]] = ordered[k];
            }

            start = end;
        }
    }
}
