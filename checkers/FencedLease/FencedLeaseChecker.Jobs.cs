using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Checkers.FencedLease;

public sealed partial class FencedLeaseChecker
{
    private sealed partial class KeyCheck
    {
        /// <summary>A job slot that ran (ok) more than once, whatever the tokens; its count is the runs beyond the first.</summary>
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
                    $"job slot {slot} ran {list.Count + 1} times ({list.Count} beyond the first): by {Name(a.Process)} with token {a.Token} (line {CompleteIndex(a) + 1}) and by {Name(b.Process)} with token {b.Token} (line {CompleteIndex(b) + 1}){others}")
                { Count = list.Count });
            }
        }

        /// <summary>
        /// Leaderless windows: from the last act of one epoch (token) to the grant of the next,
        /// both as completed. An epoch's grant is its first completed acquire, or its first act
        /// when its acquire went unrecorded. Acts of the old epoch completed after the next grant
        /// (a stale leader's) do not shorten the window: it ends at the old epoch's last act
        /// before that grant (or at its grant, when it did nothing before it).
        /// </summary>
        private void MeasureFailover()
        {
            var epochs = new SortedDictionary<long, Epochs>();
            foreach (var g in ops.Grants)
            {
                if (_owner[g.Token] != g.Process) continue;
                if (!epochs.TryGetValue(g.Token, out var e)) epochs[g.Token] = e = new Epochs();
                e.Completions.Add(g.Return);
                if (g.Kind == LeaseKind.Acquire) e.Acquired = Math.Min(e.Acquired ?? long.MaxValue, g.Return);
            }

            Epochs? previous = null;
            foreach (var e in epochs.Values)
            {
                e.Completions.Sort();
                var start = e.Acquired ?? e.Completions[0];
                if (previous is not null)
                {
                    var before = previous.Completions.FindLastIndex(t => t <= start);
                    var end = before >= 0 ? previous.Completions[before] : previous.Completions[0];
                    windows.Add(new LeaderlessWindow(key, Math.Min(end, start), start));
                }

                previous = e;
            }
        }

        private sealed class Epochs
        {
            public List<long> Completions { get; } = [];

            /// <summary>When its first acquire completed; null when it had none (any time is a real time).</summary>
            public long? Acquired { get; set; }
        }
    }
}
