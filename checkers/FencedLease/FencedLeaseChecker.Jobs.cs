using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Checkers.FencedLease;

public sealed partial class FencedLeaseChecker
{
    private sealed partial class KeyCheck
    {
        /// <summary>A job slot that ran (ok) more than once, whatever the tokens (or none); its count is the runs beyond the first.</summary>
        private void FindDuplicateJobs()
        {
            var first = new Dictionary<long, (LeaseOp Op, long? Token)>();
            var repeats = new Dictionary<long, List<(LeaseOp Op, long? Token)>>();
            foreach (var (job, slot, token) in ops.Jobs)
            {
                if (!first.TryAdd(slot, (job, token)))
                {
                    if (!repeats.TryGetValue(slot, out var list)) repeats[slot] = list = [];
                    list.Add((job, token));
                }
            }

            foreach (var (slot, list) in repeats.OrderBy(kv => kv.Key))
            {
                var a = first[slot];
                var b = list[0];
                var others = list.Count > 1 ? $", and {list.Count - 1} more time(s)" : string.Empty;
                violations.Add(new Violation(
                    ViolationKinds.DuplicateJob, key,
                    [Name(a.Op.Process), Name(b.Op.Process)], [.. new[] { a.Token, b.Token }.OfType<long>()],
                    [CompleteIndex(a.Op), CompleteIndex(b.Op)], null,
                    $"job slot {slot} ran {list.Count + 1} times ({list.Count} beyond the first): by {Name(a.Op.Process)} {With(a.Token)} (line {CompleteIndex(a.Op) + 1}) and by {Name(b.Op.Process)} {With(b.Token)} (line {CompleteIndex(b.Op) + 1}){others}")
                { Count = list.Count });
            }
        }

        private static string With(long? token) => token is { } k ? $"with token {k}" : "without a token";

        /// <summary>
        /// Leaderless windows: from the last act of one epoch (token) to the grant of the next,
        /// both as completed. An epoch's grant is its first completed acquire, or its first act
        /// when its acquire went unrecorded. Acts of the old epoch completed after the next grant
        /// (a stale leader's) do not shorten the window: it ends at the old epoch's last act
        /// before that grant (or at its grant, when it did nothing before it). When some acts
        /// carried no token, leaders are told apart by the reported grants (<see cref="MeasureFailoverByGrant"/>)
        /// or, without any, by process (<see cref="MeasureFailoverByProcess"/>).
        /// </summary>
        private void MeasureFailover()
        {
            if (ops.TokenlessActs.Count > 0)
            {
                if (ops.TokenlessGrants.Count > 0) MeasureFailoverByGrant();
                else MeasureFailoverByProcess();
                return;
            }

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

        /// <summary>
        /// Leaderless windows when acts carry no token to tell leaders apart: leadership changes
        /// when the process of the acts changes. Acts, with or without a token, are taken in
        /// the order they completed; a window runs from the last act of one process to the
        /// first act of the next, both as completed.
        /// </summary>
        private void MeasureFailoverByProcess()
        {
            LeaseOp? last = null;
            foreach (var act in ops.Grants.Where(g => g.IsAct).Concat(ops.TokenlessActs).OrderBy(a => a.Return).ThenBy(a => a.Op))
            {
                if (last is { } previous && previous.Process != act.Process)
                {
                    windows.Add(new LeaderlessWindow(key, previous.Return, act.Return));
                }

                last = act;
            }
        }

        /// <summary>
        /// Leaderless windows when acts carry no token but grants were reported: each ok grant
        /// is an epoch, in the order the grants completed, and an act belongs to its process's
        /// latest grant completed before the act was invoked (acts before any grant of their
        /// process are left out). As with tokens, a window runs from the last act of one epoch
        /// completed by the next grant (or that epoch's grant, when it did nothing before) to
        /// that grant; a stale act of the old leader after it does not cut the window short.
        /// </summary>
        private void MeasureFailoverByGrant()
        {
            var grants = ops.TokenlessGrants.OrderBy(g => g.Return).ThenBy(g => g.Op).ToArray();
            var acts = new List<long>[grants.Length];
            var byProcess = Enumerable.Range(0, grants.Length).GroupBy(i => grants[i].Process).ToDictionary(g => g.Key, g => g.ToArray());
            foreach (var act in ops.TokenlessActs)
            {
                if (!byProcess.TryGetValue(act.Process, out var own)) continue;
                var latest = Array.FindLastIndex(own, i => grants[i].Return < act.Call);
                if (latest < 0) continue;
                (acts[own[latest]] ??= []).Add(act.Return);
            }

            for (var i = 1; i < grants.Length; i++)
            {
                var start = grants[i].Return;
                var before = acts[i - 1]?.Where(t => t <= start).DefaultIfEmpty(grants[i - 1].Return).Max() ?? grants[i - 1].Return;
                windows.Add(new LeaderlessWindow(key, Math.Min(before, start), start));
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
