using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Checkers.FencedLease;

public sealed partial class FencedLeaseChecker
{
    private sealed partial class KeyCheck
    {
        /// <summary>
        /// An ok grant or act with token k invoked after an ok grant or act with a larger token
        /// completed cannot be linearized: tokens never decrease. This is judged on tokens
        /// alone, whoever used them: a reused token is stale all the same, and a larger token
        /// counts though it was itself reused or regressed, for the resource saw it. The kind
        /// follows the stale operation: an acquire is a token-regression, a claim a
        /// stale-leader, an accepted write or job a stale-write-accepted. Repeats fold into one
        /// violation per process, token and kind, with the act that overlapped the newer epoch
        /// the longest as its evidence.
        /// </summary>
        private void FindStale()
        {
            var groups = new Dictionary<(string Kind, int Process, long Token), StaleGroup>();
            foreach (var b in ops.Grants)
            {
                var pos = FirstLarger(b.Token);
                if (pos >= _byReturn.Length || _byReturn[pos].Return >= b.Call) continue;
                var a = _byReturn[pos];
                var kind = b.Kind switch
                {
                    LeaseKind.Acquire => ViolationKinds.TokenRegression,
                    LeaseKind.Claim => ViolationKinds.StaleLeader,
                    _ => ViolationKinds.StaleWriteAccepted,
                };
                var overlap = b.Call - a.Return;
                if (!groups.TryGetValue((kind, b.Process, b.Token), out var g))
                {
                    groups[(kind, b.Process, b.Token)] = new StaleGroup(kind, b, a, overlap, 1);
                }
                else
                {
                    groups[(kind, b.Process, b.Token)] = overlap > g.Overlap
                        ? g with { Act = b, Newer = a, Overlap = overlap, Count = g.Count + 1 }
                        : g with { Count = g.Count + 1 };
                }
            }

            foreach (var g in groups.Values.OrderBy(g => CompleteIndex(g.Act)))
            {
                violations.Add(new Violation(
                    g.Kind, key,
                    [Name(g.Act.Process), Name(g.Newer.Process)], [g.Act.Token, g.Newer.Token],
                    [CompleteIndex(g.Act), CompleteIndex(g.Newer)], g.Overlap,
                    DescribeStale(g))
                { Count = g.Count });
            }
        }

        private string DescribeStale(StaleGroup g)
        {
            var (b, a) = (g.Act, g.Newer);
            var after = $"{Durations.Format(g.Overlap)} after {Name(a.Process)} {Verb(a)} {a.Token}";
            var text = g.Kind switch
            {
                ViolationKinds.TokenRegression => $"{Name(b.Process)} was granted token {b.Token} {Durations.Format(g.Overlap)} after the grant of {a.Token} to {Name(a.Process)} had completed",
                ViolationKinds.StaleLeader => $"{Name(b.Process)} claimed leadership {b.Token} {after}",
                _ => $"the ledger accepted {Name(b.Process)}'s {(b.Kind == LeaseKind.Job ? "job" : "write")} with token {b.Token} {after}",
            };
            return g.Count > 1 ? $"{text} ({g.Count} such acts; the longest overlap shown)" : text;
        }

        private sealed record StaleGroup(string Kind, LeaseOp Act, LeaseOp Newer, long Overlap, int Count);
    }
}
