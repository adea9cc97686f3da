using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Checkers.FencedLease;

public sealed partial class FencedLeaseChecker
{
    private sealed partial class KeyCheck
    {
        /// <summary>
        /// Acts that carried no token, judged from real time alone, never from a guess. An act
        /// of p belongs to p's latest grant completed before the act was invoked: its latest ok
        /// acquire, or its latest act with a token that was not stale (which the model lets
        /// stand for a lost grant). A process's operations never overlap, so nothing of p lies
        /// between that grant and the act. The act is stale when an ok acquire (of another
        /// process, necessarily) was invoked after p's grant completed and completed before the
        /// act was invoked; it came after its own release when p's latest ok release without a
        /// token completed after that grant and before the act. Either way a grant of p must be placed between for the act
        /// to stand, and only p's indeterminate acquires can be: each usable once, for the acts
        /// of one epoch (or of one release) at a time, invoked before the first of them
        /// completed. Acquires that overlap in real time prove nothing, and without reported
        /// grants nothing here can be judged.
        /// </summary>
        private void FindTokenlessActs()
        {
            if (ops.TokenlessActs.Count == 0) return;
            var renewals = ops.Grants.Where(g => g.Kind == LeaseKind.Acquire || !IsStale(g)).Concat(ops.TokenlessGrants)
                .GroupBy(g => g.Process)
                .ToDictionary(g => g.Key, g => g.OrderBy(x => x.Return).ToArray());
            var releases = ops.TokenlessReleases
                .GroupBy(r => r.Process)
                .ToDictionary(g => g.Key, g => g.OrderBy(x => x.Return).ToArray());
            var acquires = ops.Grants.Where(g => g.Kind == LeaseKind.Acquire).Concat(ops.TokenlessGrants).OrderBy(g => g.Call).ToArray();
            var soonest = SoonestCompleted(acquires);

            // Keyed by process and p's grant (stale) or p's release (after release).
            var stale = new Dictionary<(int Process, int Op), List<StaleAct>>();
            var released = new Dictionary<(int Process, int Op), List<(LeaseOp Act, LeaseOp Release)>>();
            var withoutToken = ops.TokenlessGrants.Select(g => g.Op).ToHashSet();
            foreach (var act in ops.TokenlessActs)
            {
                var own = renewals.GetValueOrDefault(act.Process, []);
                var gi = LastBefore(own, act.Call, static g => g.Return);
                if (gi < 0) continue;
                var grant = own[gi];
                var ai = FirstAfter(acquires, grant.Return, static a => a.Call);
                if (ai < acquires.Length && acquires[soonest[ai]].Return < act.Call)
                {
                    Add(stale, (act.Process, grant.Op), new StaleAct(act, acquires[soonest[ai]], grant, !withoutToken.Contains(acquires[soonest[ai]].Op)));
                }

                var mine = releases.GetValueOrDefault(act.Process, []);
                var ri = LastBefore(mine, act.Call, static r => r.Return);
                if (ri >= 0 && mine[ri].Call > grant.Return) Add(released, (act.Process, mine[ri].Op), (act, mine[ri]));
            }

            var spares = ops.InfoAcquires
                .GroupBy(q => q.Process)
                .ToDictionary(g => g.Key, g => g.Select(q => q.Call).Order().ToArray());
            foreach (var group in Unexcused(stale, spares, static x => x.Act.Return))
            {
                ReportTokenlessStale(group);
            }

            foreach (var group in Unexcused(released, spares, static x => x.Act.Return))
            {
                ReportTokenlessAfterRelease(group);
            }
        }

        /// <summary>True when a grant or act with a larger token completed before <paramref name="b"/> was invoked.</summary>
        private bool IsStale(in LeaseOp b)
        {
            var pos = FirstLarger(b.Token);
            return pos < _byReturn.Length && _byReturn[pos].Return < b.Call;
        }

        /// <summary>For each position, the position from there on of the acquire that completed first.</summary>
        private static int[] SoonestCompleted(LeaseOp[] byCall)
        {
            var soonest = new int[byCall.Length];
            for (var i = byCall.Length - 1; i >= 0; i--)
            {
                soonest[i] = i + 1 < byCall.Length && byCall[soonest[i + 1]].Return < byCall[i].Return ? soonest[i + 1] : i;
            }

            return soonest;
        }

        /// <summary>
        /// The groups that no indeterminate acquire of their process can excuse: each group needs
        /// one, invoked before its first act completed, and each serves one group (earliest
        /// deadline first, which excuses as many as can be).
        /// </summary>
        private static IEnumerable<List<T>> Unexcused<T>(Dictionary<(int Process, int Op), List<T>> groups, Dictionary<int, long[]> spares, Func<T, long> completion)
        {
            foreach (var byProcess in groups.GroupBy(g => g.Key.Process))
            {
                var spare = spares.GetValueOrDefault(byProcess.Key, []);
                var (used, next) = (0, 0);
                foreach (var group in byProcess.Select(g => g.Value).OrderBy(g => g.Min(completion)))
                {
                    var deadline = group.Min(completion);
                    while (next < spare.Length && spare[next] < deadline) next++;
                    if (next > used)
                    {
                        used++;
                        continue;
                    }

                    yield return group;
                }
            }
        }

        private static void Add<T>(Dictionary<(int Process, int Op), List<T>> groups, (int Process, int Op) key, T item)
        {
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = [];
            list.Add(item);
        }

        /// <summary>The last position whose key is below <paramref name="limit"/>, in an array sorted by that key.</summary>
        private static int LastBefore(LeaseOp[] sorted, long limit, Func<LeaseOp, long> keyOf) => FirstAfter(sorted, limit - 1, keyOf) - 1;

        /// <summary>The first position whose key is above <paramref name="limit"/>, in an array sorted by that key.</summary>
        private static int FirstAfter(LeaseOp[] sorted, long limit, Func<LeaseOp, long> keyOf)
        {
            int lo = 0, hi = sorted.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (keyOf(sorted[mid]) <= limit) lo = mid + 1;
                else hi = mid;
            }

            return lo;
        }
    }
}
