using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Checkers.FencedLease;

public sealed partial class FencedLeaseChecker
{
    private sealed partial class KeyCheck
    {
        /// <summary>A stale act without a token, the acquire that proves it stale (and whether it carried a token), and the act's own grant.</summary>
        private sealed record StaleAct(LeaseOp Act, LeaseOp Newer, LeaseOp Own, bool NewerHasToken)
        {
            public long Overlap => Act.Call - Newer.Return;
        }

        /// <summary>
        /// The stale acts of one epoch, one violation per kind: a claim is a stale-leader, an
        /// accepted write or job a stale-write-accepted; the act that overlapped the newer grant
        /// the longest is the evidence, with that grant and the act's own grant. Tokens are not
        /// given: the act had none.
        /// </summary>
        private void ReportTokenlessStale(List<StaleAct> group)
        {
            foreach (var byKind in group.GroupBy(x => x.Act.Kind == LeaseKind.Claim))
            {
                var worst = byKind.MaxBy(x => x.Overlap)!;
                var count = byKind.Count();
                var (b, a, own) = (worst.Act, worst.Newer, worst.Own);
                var after = $"{Durations.Format(worst.Overlap)} after {Name(a.Process)} {(worst.NewerHasToken ? $"was granted {a.Token}" : "was granted leadership")} (line {CompleteIndex(a) + 1}), whose acquire was invoked after {Name(b.Process)}'s latest grant had completed (line {CompleteIndex(own) + 1})";
                var text = byKind.Key
                    ? $"{Name(b.Process)} claimed leadership without a token {after}"
                    : $"the ledger accepted {Name(b.Process)}'s {(b.Kind == LeaseKind.Job ? "job" : "write")} without a token {after}";
                violations.Add(new Violation(
                    byKind.Key ? ViolationKinds.StaleLeader : ViolationKinds.StaleWriteAccepted, key,
                    [Name(b.Process), Name(a.Process)], [],
                    [CompleteIndex(b), CompleteIndex(a), CompleteIndex(own)], worst.Overlap,
                    count > 1 ? $"{text} ({count} such acts; the longest overlap shown)" : text)
                { Count = count });
            }
        }

        /// <summary>The acts without a token after one release of their process, folded into one acted-after-release.</summary>
        private void ReportTokenlessAfterRelease(List<(LeaseOp Act, LeaseOp Release)> acts)
        {
            var (b, release) = acts.MinBy(x => x.Act.Return);
            var what = b.Kind switch
            {
                LeaseKind.Claim => "claimed leadership",
                LeaseKind.Write => "wrote",
                _ => "ran a job",
            };
            var text = $"{Name(b.Process)} {what} without a token (line {CompleteIndex(b) + 1}) after its own release completed (line {CompleteIndex(release) + 1}), with no new grant between";
            violations.Add(new Violation(
                ViolationKinds.ActedAfterRelease, key,
                [Name(b.Process)], [],
                [CompleteIndex(b), CompleteIndex(release)], b.Call - release.Return,
                acts.Count > 1 ? $"{text} ({acts.Count} such acts)" : text)
            { Count = acts.Count });
        }
    }
}
