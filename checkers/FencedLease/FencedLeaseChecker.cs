using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Checkers.FencedLease;

/// <summary>
/// The exact O(n log n) checker of the fenced-lease model (docs/history.md). Tokens never
/// decrease along a linearization, so the history of a key is linearizable iff no token is
/// used by two processes, no grant or act is invoked after one with a larger token
/// completed, and no act follows its holder's release of its token unless a new grant of
/// it can be placed between. Each kind is judged on its own, over every ok grant and act,
/// so that one violation never hides another: an operation may be evidence of several.
/// It also reports duplicate jobs, the failover windows and the refused writes. Operations
/// without a token (a candidate that reports none) the model cannot place: they are judged
/// from real time alone, and the result's checks say which checks ran over all, some or
/// none of the operations.
/// </summary>
public sealed partial class FencedLeaseChecker
{
    public const string ModelName = "fenced-lease";

    public static CheckResult Check(History.History history) =>
        Check(history, LeaseKeyOps.Extract(history, out var writesRefused, out var jobsRefused), writesRefused, jobsRefused);

    /// <summary>Checks the lease operations already taken out of <paramref name="history"/> (shared with the search); reads them only.</summary>
    internal static CheckResult Check(History.History history, Dictionary<string, LeaseKeyOps> byKey, long writesRefused, long jobsRefused)
    {
        var violations = new List<Violation>();
        var windows = new List<LeaderlessWindow>();
        foreach (var (key, ops) in byKey.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            new KeyCheck(history, key, ops, violations, windows).Run();
        }

        return new CheckResult(
            violations.Count == 0 ? Validity.True : Validity.False,
            ModelName,
            Summaries.Of(history),
            Violation.MostDamagingFirst(violations))
        {
            Failover = FailoverStats.FromWindows([.. windows.Select(w => w.ToNs - w.FromNs)]),
            FailoverWindows = [.. windows.OrderBy(w => w.FromNs)],
            LongestWithoutLeader = LongestWithoutLeader(byKey),
            Fencing = new FencingStats(writesRefused, jobsRefused),
            Checks = Checks(byKey),
        };
    }

    /// <summary>
    /// True when the violations say the history is not linearizable. Duplicate jobs are outside
    /// the model, and so are the violations of acts without a token (judged from real time
    /// alone, they name no token), for the model places only operations that carry one.
    /// </summary>
    public static bool IsLinearizable(CheckResult result) =>
        result.Violations.All(v => v.Kind == ViolationKinds.DuplicateJob || v.Tokens.Count == 0);

    private sealed partial class KeyCheck(History.History history, string key, LeaseKeyOps ops, List<Violation> violations, List<LeaderlessWindow> windows)
    {
        // The first process to use each token (the first to complete an operation with it).
        private readonly Dictionary<long, int> _owner = [];

        // Grants ordered by completion, with the running maximum of their tokens.
        private LeaseOp[] _byReturn = [];
        private long[] _maxToken = [];

        public void Run()
        {
            FindReuse();
            IndexByReturn();
            FindStale();
            FindActsAfterRelease();
            FindTokenlessActs();
            FindDuplicateJobs();
            MeasureFailover();
        }

        /// <summary>
        /// token-reuse: ok grants or acts of one token by two processes. The token's first user
        /// is the process that first completed an operation with it; one violation per token and
        /// other process, its count that process's operations with the token; the evidence is
        /// the first completed operation of each.
        /// </summary>
        private void FindReuse()
        {
            var first = new Dictionary<long, LeaseOp>();
            var reused = new Dictionary<(long Token, int Process), (LeaseOp First, int Count)>();
            foreach (var g in ops.Grants.OrderBy(g => CompleteIndex(g)))
            {
                if (_owner.TryAdd(g.Token, g.Process))
                {
                    first[g.Token] = g;
                    continue;
                }

                if (_owner[g.Token] == g.Process) continue;
                reused[(g.Token, g.Process)] = reused.TryGetValue((g.Token, g.Process), out var seen) ? (seen.First, seen.Count + 1) : (g, 1);
            }

            foreach (var (g, count) in reused.Values)
            {
                var o = first[g.Token];
                var text = $"{Name(o.Process)} and {Name(g.Process)} both used token {g.Token}: {Name(g.Process)} {Verb(g)} {g.Token} (line {CompleteIndex(g) + 1}) after {Name(o.Process)} {Verb(o)} it (line {CompleteIndex(o) + 1})";
                violations.Add(new Violation(
                    ViolationKinds.TokenReuse, key,
                    [Name(o.Process), Name(g.Process)], [g.Token, g.Token],
                    [CompleteIndex(o), CompleteIndex(g)], null,
                    count > 1 ? $"{text} ({count} operations of {Name(g.Process)} with it)" : text)
                { Count = count });
            }
        }

        private void IndexByReturn()
        {
            _byReturn = [.. ops.Grants];
            Array.Sort(_byReturn, static (a, b) => a.Return.CompareTo(b.Return));
            _maxToken = new long[_byReturn.Length];
            var max = long.MinValue;
            for (var i = 0; i < _byReturn.Length; i++) _maxToken[i] = max = Math.Max(max, _byReturn[i].Token);
        }

        /// <summary>The earliest-completed grant with a token larger than <paramref name="token"/>, if any.</summary>
        private int FirstLarger(long token)
        {
            int lo = 0, hi = _maxToken.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (_maxToken[mid] > token) hi = mid;
                else lo = mid + 1;
            }

            return lo;
        }

        private string Name(int process) => history.ProcessName(process);

        private long CompleteIndex(in LeaseOp op) => history.Operations[op.Op].CompleteIndex;

        private static string Verb(in LeaseOp op) => op.Kind switch
        {
            LeaseKind.Acquire => "was granted",
            LeaseKind.Claim => "claimed leadership",
            LeaseKind.Write => "wrote with token",
            LeaseKind.Job => "ran a job with token",
            _ => "released",
        };
    }
}
