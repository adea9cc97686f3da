namespace ElectionJepsen.Checkers.FencedLease;

public sealed partial class FencedLeaseChecker
{
    private sealed partial class KeyCheck
    {
        /// <summary>Acts after one release that need a grant between; the grant must be invoked by <see cref="Deadline"/>.</summary>
        private sealed record Gap(LeaseOp Release, List<LeaseOp> Acts, long Deadline);

        /// <summary>All ok grants and acts of one token by one process, and that process's releases of it.</summary>
        private sealed class Epoch
        {
            public List<LeaseOp> Grants { get; } = [];

            public List<LeaseOp> Releases { get; } = [];

            /// <summary>
            /// The acts after a release with no ok acquire between, grouped by the release they
            /// follow; <paramref name="nextGrant"/> is when a larger token's grant first completed.
            /// </summary>
            public IEnumerable<Gap> FindGaps(long nextGrant)
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
                    if (!b.IsAct) continue;
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
