using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Checkers.FencedLease;

public sealed partial class FencedLeaseChecker
{
    /// <summary>
    /// Which checks ran over all, some or none of the operations they look at (docs/results.md).
    /// With tokens everything is judged. Without, token-reuse and token-regression cannot be;
    /// the stale kinds and acted-after-release are judged only from the real-time order of
    /// reported grants, and not at all in keys where no grant was reported; duplicate-job is
    /// judged by slot whatever the tokens; failover is measured from the acting process.
    /// </summary>
    private static IReadOnlyList<JudgedCheck> Checks(Dictionary<string, LeaseKeyOps> byKey)
    {
        Tally claims = new("claim", "claims"), writes = new("write or job", "writes and jobs"), acts = new("act", "acts");
        long grants = 0, tokenlessGrants = 0;
        foreach (var ops in byKey.Values)
        {
            var reported = ops.TokenlessGrants.Count > 0 || ops.Grants.Any(g => g.Kind == LeaseKind.Acquire);
            foreach (var act in ops.Grants.Where(g => g.IsAct)) (act.Kind == LeaseKind.Claim ? claims : writes).Count(false, reported);
            foreach (var act in ops.TokenlessActs) (act.Kind == LeaseKind.Claim ? claims : writes).Count(true, reported);
            grants += ops.Grants.Count(g => g.Kind == LeaseKind.Acquire) + ops.TokenlessGrants.Count;
            tokenlessGrants += ops.TokenlessGrants.Count;
        }

        acts.Add(claims);
        acts.Add(writes);
        var (operations, tokenless) = (acts.Total + grants, acts.Tokenless + tokenlessGrants);
        var noToken = operations > 0 && tokenless == operations;
        return
        [
            claims.Judged(ViolationKinds.StaleLeader),
            writes.Judged(ViolationKinds.StaleWriteAccepted),
            ByTokens(ViolationKinds.TokenReuse, operations, tokenless, "operation", "operations"),
            grants == 0 && acts.Total > 0 ? new JudgedCheck(ViolationKinds.TokenRegression, Coverage.None, "no grant was reported")
                : noToken ? new JudgedCheck(ViolationKinds.TokenRegression, Coverage.None, "no operation carried a token")
                : ByTokens(ViolationKinds.TokenRegression, grants, tokenlessGrants, "grant", "grants"),
            acts.Judged(ViolationKinds.ActedAfterRelease),
            new JudgedCheck(ViolationKinds.DuplicateJob, Coverage.All),
            acts.Tokenless == 0 ? new JudgedCheck(CheckNames.Failover, Coverage.All)
                : new JudgedCheck(CheckNames.Failover, Coverage.Some, $"{acts.NoToken()}: leaders told apart by {(tokenlessGrants > 0 ? "the reported grants" : "the acting process")}"),
        ];
    }

    /// <summary>A check that needs tokens: it ran over the operations that carried one.</summary>
    private static JudgedCheck ByTokens(string name, long total, long tokenless, string one, string many) =>
        tokenless == 0 ? new JudgedCheck(name, Coverage.All)
        : tokenless == total ? new JudgedCheck(name, Coverage.None, $"no {one} carried a token")
        : new JudgedCheck(name, Coverage.Some, $"{tokenless} of {total} {many} carried no token");

    /// <summary>How many acts of one sort there were, how many carried no token, and how many of those were in keys with reported grants.</summary>
    private sealed class Tally(string one, string many)
    {
        public long Total { get; private set; }

        public long Tokenless { get; private set; }

        public long Reported { get; private set; }

        public void Count(bool tokenless, bool grantsReported)
        {
            Total++;
            if (!tokenless) return;
            Tokenless++;
            if (grantsReported) Reported++;
        }

        public void Add(Tally other)
        {
            Total += other.Total;
            Tokenless += other.Tokenless;
            Reported += other.Reported;
        }

        /// <summary>"no claim carried a token", or "3 of 12 claims carried no token".</summary>
        public string NoToken() => Tokenless == Total ? $"no {one} carried a token" : $"{Tokenless} of {Total} {many} carried no token";

        /// <summary>
        /// A check judged by tokens, or else from the real-time order of reported grants: all
        /// when every act carried a token, none when none did and no grant was reported.
        /// </summary>
        public JudgedCheck Judged(string name) =>
            Tokenless == 0 ? new JudgedCheck(name, Coverage.All)
            : Reported == Tokenless ? new JudgedCheck(name, Coverage.Some, $"{NoToken()}: judged only from the real-time order of the reported grants")
            : Reported == 0 ? new JudgedCheck(name, Tokenless == Total ? Coverage.None : Coverage.Some, $"{NoToken()} and no grant was reported")
            : new JudgedCheck(name, Coverage.Some, $"{NoToken()}; {Tokenless - Reported} of them where no grant was reported");
    }
}
