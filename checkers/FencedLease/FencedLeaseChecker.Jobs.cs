using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Checkers.FencedLease;

public sealed partial class FencedLeaseChecker
{
    private sealed partial class KeyCheck
    {
        /// <summary>A job slot that ran (ok) more than once, whatever the tokens.</summary>
        private void FindDuplicateJobs()
        {
            var first = new Dictionary<long, LeaseOp>();
            var repeats = new Dictionary<long, List<LeaseOp>>();
            foreach (var (job, slot) in ops.Jobs)
            {
                if (!first.TryAdd(slot, job))
                {
                    if (!repeats.TryGetValue(slot, out var list)) repeats[slot] = list = [];
                    list.Add(job);
                }
            }

            foreach (var (slot, list) in repeats.OrderBy(kv => kv.Key))
            {
                var a = first[slot];
                var b = list[0];
                var others = list.Count > 1 ? $", and {list.Count - 1} more time(s)" : string.Empty;
                violations.Add(new Violation(
                    ViolationKinds.DuplicateJob, key,
                    [Name(a.Process), Name(b.Process)], [a.Token, b.Token],
                    [CompleteIndex(a), CompleteIndex(b)], null,
                    $"job slot {slot} ran {list.Count + 1} times: by {Name(a.Process)} with token {a.Token} (line {CompleteIndex(a) + 1}) and by {Name(b.Process)} with token {b.Token} (line {CompleteIndex(b) + 1}){others}")
                { Count = list.Count });
            }
        }

        /// <summary>
        /// Leaderless windows: from the last act of one epoch (token) to the grant of the next,
        /// both as completed. An epoch's grant is its first completed acquire, or its first act
        /// when its acquire went unrecorded. Overlapping epochs count as a zero window.
        /// </summary>
        private void MeasureFailover()
        {
            var epochs = new SortedDictionary<long, (long Grant, long Acquired, long LastAct)>();
            foreach (var g in ops.Grants)
            {
                if (_owner[g.Token] != g.Process) continue;
                var (grant, acquired, last) = epochs.TryGetValue(g.Token, out var e) ? e : (long.MaxValue, long.MaxValue, long.MinValue);
                grant = Math.Min(grant, g.Return);
                if (g.Kind == LeaseKind.Acquire) acquired = Math.Min(acquired, g.Return);
                last = Math.Max(last, g.Return);
                epochs[g.Token] = (grant, acquired, last);
            }

            long? previousEnd = null;
            foreach (var (grant, acquired, last) in epochs.Values)
            {
                var start = acquired != long.MaxValue ? acquired : grant;
                if (previousEnd is { } end) windows.Add(Math.Max(0, start - end));
                previousEnd = last;
            }
        }
    }
}
