using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Checkers.FencedLease;

public sealed partial class FencedLeaseChecker
{
    private sealed partial class KeyCheck
    {
        /// <summary>
        /// An act with token k by its holder p must not follow p's release of k, unless a grant
        /// of k to p can be linearized between. A release counts when it must fall inside the
        /// epoch of k (some grant or act of k completed before it was invoked). The grant in
        /// between is an ok acquire of k that is not forced before the release nor after the
        /// act, or else one of p's indeterminate acquires, each usable once, invoked before the
        /// act completed and before any larger token was granted.
        /// </summary>
        private void FindActsAfterRelease()
        {
            var epochs = new Dictionary<long, Epoch>();
            foreach (var g in ops.Grants)
            {
                if (_owner[g.Token] != g.Process) continue;
                if (!epochs.TryGetValue(g.Token, out var e)) epochs[g.Token] = e = new Epoch(g.Process, g.Token);
                e.Grants.Add(g);
            }

            foreach (var r in ops.Releases)
            {
                if (epochs.TryGetValue(r.Token, out var e) && e.Holder == r.Process) e.Releases.Add(r);
            }

            var gapsByProcess = new Dictionary<int, List<Gap>>();
            foreach (var e in epochs.Values)
            {
                if (e.Releases.Count == 0) continue;
                var pos = FirstLarger(e.Token);
                var nextGrant = pos < _byReturn.Length ? _byReturn[pos].Return : long.MaxValue;
                foreach (var gap in e.FindGaps(nextGrant, _flagged))
                {
                    if (!gapsByProcess.TryGetValue(e.Holder, out var list)) gapsByProcess[e.Holder] = list = [];
                    list.Add(gap);
                }
            }

            foreach (var (process, gaps) in gapsByProcess)
            {
                var spare = ops.InfoAcquires.Where(q => q.Process == process).Select(q => q.Call).Order().ToArray();
                var used = 0;
                var next = 0;
                foreach (var gap in gaps.OrderBy(g => g.Deadline))
                {
                    while (next < spare.Length && spare[next] <= gap.Deadline) next++;
                    if (next > used)
                    {
                        used++;
                        continue;
                    }

                    Report(gap);
                }
            }
        }

        private void Report(Gap gap)
        {
            var b = gap.Acts[0];
            foreach (var act in gap.Acts) _flagged.Add(act.Op);
            var what = b.Kind switch
            {
                LeaseKind.Claim => "claimed leadership",
                LeaseKind.Write => "wrote with token",
                _ => "ran a job with token",
            };
            var text = $"{Name(b.Process)} {what} {b.Token} (line {CompleteIndex(b) + 1}) after its own release of {b.Token} completed (line {CompleteIndex(gap.Release) + 1}), with no new grant between";
            violations.Add(new Violation(
                ViolationKinds.ActedAfterRelease, key,
                [Name(b.Process)], [b.Token],
                [CompleteIndex(b), CompleteIndex(gap.Release)], b.Call - gap.Release.Return,
                gap.Acts.Count > 1 ? $"{text} ({gap.Acts.Count} such acts)" : text)
            { Count = gap.Acts.Count });
        }

        /// <summary>Acts after one release that need a grant between; the grant must be invoked by <see cref="Deadline"/>.</summary>
        private sealed record Gap(LeaseOp Release, List<LeaseOp> Acts, long Deadline);

        /// <summary>All grants and acts of one token by its holder, and the holder's releases of it.</summary>
        private sealed class Epoch(int holder, long token)
        {
            public int Holder { get; } = holder;

            public long Token { get; } = token;

            public List<LeaseOp> Grants { get; } = [];

            public List<LeaseOp> Releases { get; } = [];

            public IEnumerable<Gap> FindGaps(long nextGrant, HashSet<int> flagged)
            {
                // Releases that must fall inside the epoch, ordered by completion, with the
                // latest invocation among those completed so far.
                var firstDone = Grants.Min(g => g.Return);
                var inside = Releases.Where(r => firstDone < r.Call).OrderBy(r => r.Return).ToArray();
                if (inside.Length == 0) yield break;
                var latest = new LeaseOp[inside.Length];
                for (var i = 0; i < inside.Length; i++)
                {
                    latest[i] = i > 0 && latest[i - 1].Call >= inside[i].Call ? latest[i - 1] : inside[i];
                }

                // Ok acquires ordered by invocation, with the latest completion so far.
                var acquires = Grants.Where(g => g.Kind == LeaseKind.Acquire).OrderBy(g => g.Call).ToArray();
                var acquiredUntil = new long[acquires.Length];
                for (var i = 0; i < acquires.Length; i++)
                {
                    acquiredUntil[i] = Math.Max(i > 0 ? acquiredUntil[i - 1] : long.MinValue, acquires[i].Return);
                }

                var gaps = new Dictionary<int, Gap>();
                foreach (var b in Grants)
                {
                    if (!b.IsAct || flagged.Contains(b.Op)) continue;
                    var ri = LastAtOrBefore(inside, b.Call - 1, static r => r.Return);
                    if (ri < 0) continue;
                    var release = latest[ri];
                    var qi = LastAtOrBefore(acquires, b.Return, static q => q.Call);
                    if (qi >= 0 && acquiredUntil[qi] >= release.Call) continue;
                    var deadline = Math.Min(b.Return, nextGrant);
                    if (gaps.TryGetValue(release.Op, out var gap))
                    {
                        gap.Acts.Add(b);
                        gaps[release.Op] = gap with { Deadline = Math.Min(gap.Deadline, deadline) };
                    }
                    else
                    {
                        gaps[release.Op] = new Gap(release, [b], deadline);
                    }
                }

                foreach (var gap in gaps.Values) yield return gap;
            }

            /// <summary>The last position whose key is at most <paramref name="limit"/>, in an array sorted by that key.</summary>
            private static int LastAtOrBefore(LeaseOp[] sorted, long limit, Func<LeaseOp, long> keyOf)
            {
                int lo = 0, hi = sorted.Length;
                while (lo < hi)
                {
                    var mid = (lo + hi) >>> 1;
                    if (keyOf(sorted[mid]) <= limit) lo = mid + 1;
                    else hi = mid;
                }

                return lo - 1;
            }
        }
    }
}
