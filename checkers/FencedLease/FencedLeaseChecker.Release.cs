using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Checkers.FencedLease;

public sealed partial class FencedLeaseChecker
{
    private sealed partial class KeyCheck
    {
        /// <summary>
        /// acted-after-release: an act by p with token k invoked after p's own release of k
        /// completed, with no grant of k to p that can be placed between. Epochs belong to a
        /// process and a token, so a reused token is judged for each of its users: another
        /// process's grant of k re-grants nothing to p, and p's release of k ends nothing of
        /// theirs. Whether a larger token was granted meanwhile does not matter: such an act is
        /// stale as well, and both kinds apply. A release counts when it must fall inside p's
        /// epoch of k (some grant or act of k by p completed before it was invoked). The grant
        /// between is an ok acquire of k by p that is not forced before the release nor after
        /// the act, or else one of p's indeterminate acquires (or ok acquires that reported no
        /// token, which may have granted k again), each usable once, invoked before the act
        /// completed and before any larger token was granted. The acts after one release that
        /// need such a grant fold into one violation.
        /// </summary>
        private void FindActsAfterRelease()
        {
            var epochs = new Dictionary<(int Process, long Token), Epoch>();
            foreach (var g in ops.Grants)
            {
                if (!epochs.TryGetValue((g.Process, g.Token), out var e)) epochs[(g.Process, g.Token)] = e = new Epoch();
                e.Grants.Add(g);
            }

            foreach (var r in ops.Releases)
            {
                if (epochs.TryGetValue((r.Process, r.Token), out var e)) e.Releases.Add(r);
            }

            var gapsByProcess = new Dictionary<int, List<Gap>>();
            foreach (var ((process, token), e) in epochs)
            {
                if (e.Releases.Count == 0) continue;
                var pos = FirstLarger(token);
                var nextGrant = pos < _byReturn.Length ? _byReturn[pos].Return : long.MaxValue;
                foreach (var gap in e.FindGaps(nextGrant))
                {
                    if (!gapsByProcess.TryGetValue(process, out var list)) gapsByProcess[process] = list = [];
                    list.Add(gap);
                }
            }

            if (gapsByProcess.Count == 0) return;
            var spareByProcess = ops.InfoAcquires.Concat(ops.TokenlessGrants)
                .GroupBy(q => q.Process)
                .ToDictionary(g => g.Key, g => g.Select(q => q.Call).Order().ToArray());
            foreach (var (process, gaps) in gapsByProcess)
            {
                var spare = spareByProcess.GetValueOrDefault(process, []);
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
    }
}
