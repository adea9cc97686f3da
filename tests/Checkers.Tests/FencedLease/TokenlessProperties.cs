using CsCheck;
using ElectionJepsen.Checkers.Checking;
using ElectionJepsen.Checkers.FencedLease;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Linearizability;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Checkers.Tests.FencedLease;

/// <summary>
/// Histories whose tokens were taken away, all or some: a valid history stays valid (what
/// real time proves of a correct election is never a violation), a corrupted one is checked
/// without a crash, and the search beside the fast path always agrees with it.
/// </summary>
public class TokenlessProperties
{
    private const int Iterations = 100;
    private static readonly SearchLimits Limits = SearchLimits.Default with { TimeLimit = TimeSpan.FromSeconds(20) };
    private static readonly GenOptions Options = new(Processes: 4, Operations: 120) { InfoRate = 0.1 };

    /// <summary>The history with the token taken out of each value that <paramref name="strip"/> picks.</summary>
    private static Checkers.History.History Stripped(GeneratedHistory h, Func<bool> strip) =>
        Checkers.History.History.FromEvents([.. h.Events().Select(e => e.Value.Token is null || !strip() ? e : e with { Value = WithoutToken(e.Value) })]);

    private static OpValue WithoutToken(OpValue v) =>
        v.Leader == true ? OpValue.Claim(true, null)
        : v.Slot is { } slot ? OpValue.Job(slot, null)
        : v.Seq is { } seq ? OpValue.Write(null, seq)
        : OpValue.Grant(null);

    /// <summary>Checks as a run does: the composed checker throws when the search disagrees with the fast path.</summary>
    private static CheckResult Judge(Checkers.History.History h)
    {
        var r = ComposedChecker.Check(h, new CheckSettings(FencedLeaseChecker.ModelName, Limits));
        Assert.NotEqual(Validity.Unknown, r.Search!.Valid);
        return r;
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    public void A_valid_history_stays_valid_without_its_tokens(double share)
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var r = Judge(Stripped(HistoryGenerator.Lease(seed, Options), () => random.NextDouble() < share));
            Assert.True(r.Valid == Validity.True, $"seed {seed}: {string.Join("; ", r.Violations.Select(v => v.Description))}");
            Assert.False(r.FullyJudged);
        }, iter: Iterations);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    public void A_corrupted_history_without_its_tokens_is_checked_and_the_search_agrees(double share)
    {
        Func<GeneratedHistory, Random, bool>[] corruptions =
            [Corruptions.StaleClaim, Corruptions.ReusedToken, Corruptions.RegressedToken, Corruptions.ActAfterRelease, Corruptions.DuplicateJob];
        var invalid = 0;
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var h = HistoryGenerator.Lease(seed, Options);
            var corruption = corruptions[random.Next(corruptions.Length)];
            if (!corruption(h, random)) return;
            var r = Judge(Stripped(h, () => random.NextDouble() < share));
            Assert.Equal(r.Violations.Count == 0 ? Validity.True : Validity.False, r.Valid);
            if (r.Valid == Validity.False) Interlocked.Increment(ref invalid);
        }, iter: Iterations);
        Assert.True(invalid > 0, "no corruption was found at all");
    }

    [Fact]
    public void A_duplicate_job_is_found_whatever_the_tokens()
    {
        var planted = 0;
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var h = HistoryGenerator.Lease(seed, Options);
            if (!Corruptions.DuplicateJob(h, random)) return;
            Interlocked.Increment(ref planted);
            var r = Judge(Stripped(h, () => true));
            Assert.Contains(r.Violations, v => v.Kind == ViolationKinds.DuplicateJob);
        }, iter: Iterations);
        Assert.True(planted > 0, "no duplicate job could be planted");
    }
}
