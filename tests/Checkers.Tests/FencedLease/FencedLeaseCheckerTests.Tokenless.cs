using ElectionJepsen.Checkers.Checking;
using ElectionJepsen.Checkers.FencedLease;
using ElectionJepsen.Checkers.Linearizability;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Checkers.Tests.FencedLease;

/// <summary>Candidates that report no token: what real time proves, and what the results say was not judged.</summary>
public partial class FencedLeaseCheckerTests
{
    /// <summary>Checks as a run does (the fast path with the search beside it, which must agree) and returns the result.</summary>
    private static CheckResult Judge(HistoryBuilder b)
    {
        var result = ComposedChecker.Check(b.Build(), new CheckSettings(FencedLeaseChecker.ModelName, SearchLimits.Default));
        Assert.Equal(FencedLeaseChecker.IsLinearizable(result) ? Validity.True : Validity.False, result.Search!.Valid);
        return result;
    }

    private static JudgedCheck CheckNamed(CheckResult r, string name) => Assert.Single(r.Checks, c => c.Name == name);

    [Fact]
    public void A_correct_history_without_tokens_is_valid_and_says_what_it_could_not_judge()
    {
        var r = Judge(new HistoryBuilder()
            .Granted(0, 10, "c1").Leads(20, 30, "c1").Wrote(40, 50, "c1", 1).Ran(60, 70, "c1", 1)
            .Released(80, 90, "c1")
            .Granted(100, 110, "c2").Leads(120, 130, "c2").Wrote(140, 150, "c2", 2).Ran(160, 170, "c2", 2));

        Assert.Equal(Validity.True, r.Valid);
        Assert.False(r.FullyJudged);
        Assert.Equal(new JudgedCheck(ViolationKinds.TokenReuse, Coverage.None, "no operation carried a token"), CheckNamed(r, ViolationKinds.TokenReuse));
        Assert.Equal(new JudgedCheck(ViolationKinds.TokenRegression, Coverage.None, "no operation carried a token"), CheckNamed(r, ViolationKinds.TokenRegression));
        Assert.Equal(
            new JudgedCheck(ViolationKinds.StaleLeader, Coverage.Some, "no claim carried a token: judged only from the real-time order of the reported grants"),
            CheckNamed(r, ViolationKinds.StaleLeader));
        Assert.Equal(Coverage.All, CheckNamed(r, ViolationKinds.DuplicateJob).Ran);
        Assert.Equal(
            "stale-leader partly judged: no claim carried a token: judged only from the real-time order of the reported grants; " +
            "stale-write-accepted partly judged: no write or job carried a token: judged only from the real-time order of the reported grants; " +
            "token-reuse, token-regression not judged: no operation carried a token; " +
            "acted-after-release partly judged: no act carried a token: judged only from the real-time order of the reported grants; " +
            "failover partly judged: no act carried a token: leaders told apart by the reported grants",
            r.NotFullyJudged());
    }

    [Fact]
    public void A_history_with_tokens_is_fully_judged()
    {
        var r = Judge(new HistoryBuilder().Acquire(0, 10, "c1", 1).Claim(20, 30, "c1", 1).Write(40, 50, "c1", 1, 1).Job(60, 70, "c1", 1, 1));

        Assert.True(r.FullyJudged);
        Assert.Null(r.NotFullyJudged());
        Assert.Equal(7, r.Checks.Count);
    }

    [Fact]
    public void A_tokenless_claim_after_a_later_grant_completed_is_a_stale_leader_with_its_evidence()
    {
        var r = Judge(new HistoryBuilder().Granted(0, 10, "c1").Granted(20, 30, "c2").Leads(42, 50, "c1").Leads(60, 70, "c1"));

        var v = Only(r, ViolationKinds.StaleLeader);
        Assert.Equal(["c1", "c2"], v.Processes);
        Assert.Empty(v.Tokens);
        Assert.Equal([7L, 3L, 1L], v.Indices);
        Assert.Equal(30, v.OverlapNs);
        Assert.Equal(2, v.Count);
        Assert.Equal(
            "c1 claimed leadership without a token 30 ns after c2 was granted leadership (line 4), whose acquire was invoked after c1's latest grant had completed (line 2) (2 such acts; the longest overlap shown)",
            v.Description);
    }

    [Fact]
    public void A_tokenless_write_accepted_after_a_later_grant_is_stale_write_accepted()
    {
        var v = Only(Judge(new HistoryBuilder().Granted(0, 10, "c1").Acquire(20, 30, "c2", 8).Wrote(42, 50, "c1", 5)), ViolationKinds.StaleWriteAccepted);

        Assert.StartsWith("the ledger accepted c1's write without a token 12 ns after c2 was granted 8 (line 4)", v.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tokenless_act_after_its_own_release_is_acted_after_release()
    {
        var v = Only(Judge(new HistoryBuilder().Granted(0, 10, "c1").Released(20, 30, "c1").Wrote(40, 50, "c1", 1)), ViolationKinds.ActedAfterRelease);

        Assert.Equal(["c1"], v.Processes);
        Assert.Equal([5L, 3L], v.Indices);
        Assert.Equal(10, v.OverlapNs);
        Assert.Equal("c1 wrote without a token (line 6) after its own release completed (line 4), with no new grant between", v.Description);
    }

    [Fact]
    public void A_new_grant_after_the_release_makes_the_act_its_own()
    {
        var r = Judge(new HistoryBuilder().Granted(0, 10, "c1").Released(20, 30, "c1").Granted(40, 50, "c1").Leads(60, 70, "c1"));

        Assert.Equal(Validity.True, r.Valid);
    }

    [Fact]
    public void Concurrent_grants_prove_nothing()
    {
        var r = Judge(new HistoryBuilder().Granted(0, 10, "c1").Granted(5, 30, "c2").Leads(40, 50, "c1").Leads(40, 50, "c2"));

        Assert.Equal(Validity.True, r.Valid);
    }

    [Fact]
    public void An_indeterminate_acquire_of_the_stale_process_may_have_granted_it_again()
    {
        var r = Judge(new HistoryBuilder()
            .Granted(0, 10, "c1").Invoke(12, "c1", "acquire").Info(15, "c1", "acquire")
            .Granted(20, 30, "c2").Leads(42, 50, "c1"));

        Assert.Equal(Validity.True, r.Valid);
    }

    [Fact]
    public void Without_reported_grants_nothing_about_leadership_is_judged()
    {
        var r = Judge(new HistoryBuilder().Leads(0, 10, "c1").Leads(0, 10, "c2").Wrote(20, 30, "c1", 1).Wrote(20, 30, "c2", 1));

        Assert.Equal(Validity.True, r.Valid);
        Assert.Equal(new JudgedCheck(ViolationKinds.StaleLeader, Coverage.None, "no claim carried a token and no grant was reported"), CheckNamed(r, ViolationKinds.StaleLeader));
        Assert.Equal(Coverage.None, CheckNamed(r, ViolationKinds.ActedAfterRelease).Ran);
    }

    [Fact]
    public void A_job_slot_run_twice_without_tokens_is_a_duplicate_job()
    {
        var v = Only(Judge(new HistoryBuilder().Ran(0, 10, "c1", 7).Ran(20, 30, "c2", 7)), ViolationKinds.DuplicateJob);

        Assert.Empty(v.Tokens);
        Assert.Equal("job slot 7 ran 2 times (1 beyond the first): by c1 without a token (line 2) and by c2 without a token (line 4)", v.Description);
    }

    [Fact]
    public void Failover_without_tokens_runs_from_the_last_act_of_one_grant_to_the_next_grant()
    {
        const long Ms = 1_000_000;
        var b = new HistoryBuilder().Granted(0, 10 * Ms, "c1");
        for (long t = 100; t <= 1000; t += 100) b.Leads(t * Ms, (t + 2) * Ms, "c1");
        b.Granted(5_500 * Ms, 5_600 * Ms, "c2");

        // The old leader's stale act after the new grant does not cut the window short.
        b.Leads(5_650 * Ms, 5_652 * Ms, "c1");
        for (long t = 6_000; t <= 7_000; t += 100) b.Leads(t * Ms, (t + 2) * Ms, "c2");
        b.Granted(9_000 * Ms, 9_100 * Ms, "c3").Leads(9_500 * Ms, 9_502 * Ms, "c3");

        var r = Judge(b);

        Assert.Equal(Validity.False, r.Valid);
        Assert.Equal([(1_002 * Ms, 5_600 * Ms), (7_002 * Ms, 9_100 * Ms)], r.FailoverWindows.Select(w => (w.FromNs, w.ToNs)));
        Assert.Equal(new FailoverStats(2, 2098, 2098, 4598, 4598, 4598), r.Failover);
        Assert.EndsWith("leaders told apart by the reported grants", CheckNamed(r, CheckNames.Failover).Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Failover_without_tokens_or_grants_is_measured_from_the_change_of_the_acting_process()
    {
        const long Ms = 1_000_000;
        var b = new HistoryBuilder();
        for (long t = 100; t <= 1000; t += 100) b.Leads(t * Ms, (t + 2) * Ms, "c1");
        for (long t = 6_000; t <= 7_000; t += 100) b.Leads(t * Ms, (t + 2) * Ms, "c2");
        b.Leads(9_500 * Ms, 9_502 * Ms, "c3");

        var r = Judge(b);

        Assert.Equal(Validity.True, r.Valid);
        Assert.Equal(new FailoverStats(2, 2500, 2500, 5000, 5000, 5000), r.Failover);
        Assert.Equal([(1_002 * Ms, 6_002 * Ms), (7_002 * Ms, 9_502 * Ms)], r.FailoverWindows.Select(w => (w.FromNs, w.ToNs)));
        Assert.EndsWith("leaders told apart by the acting process", CheckNamed(r, CheckNames.Failover).Why, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mixed_history_judges_tokens_by_tokens_and_the_rest_by_real_time()
    {
        var r = Judge(new HistoryBuilder()
            .Acquire(0, 10, "c1", 1).Claim(20, 30, "c1", 1).Wrote(40, 50, "c1", 1)
            .Acquire(60, 70, "c2", 2)
            .Claim(80, 90, "c1", 1).Wrote(100, 110, "c1", 2));

        Assert.Equal([ViolationKinds.StaleWriteAccepted, ViolationKinds.StaleLeader], r.Violations.Select(v => v.Kind));
        Assert.Empty(r.Violations[0].Tokens);
        Assert.Equal([1L, 2L], r.Violations[1].Tokens);
        Assert.Equal(new JudgedCheck(ViolationKinds.TokenReuse, Coverage.Some, "2 of 6 operations carried no token"), CheckNamed(r, ViolationKinds.TokenReuse));
        Assert.Equal(Coverage.All, CheckNamed(r, ViolationKinds.TokenRegression).Ran);
        Assert.Equal(Coverage.All, CheckNamed(r, ViolationKinds.StaleLeader).Ran);
    }

    [Fact]
    public void A_grant_without_a_token_may_have_granted_the_released_token_again()
    {
        var r = Judge(new HistoryBuilder().Acquire(0, 10, "c1", 7).Release(20, 30, "c1", 7).Granted(40, 50, "c1").Claim(60, 70, "c1", 7));

        Assert.Equal(Validity.True, r.Valid);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData(null)]
    public void An_ok_acquire_whose_value_is_null_empty_or_absent_is_a_grant_without_a_token(string? value)
    {
        var grant = value is null ? default : Checkers.History.OpValue.FromJson(value);
        var r = Judge(new HistoryBuilder()
            .Invoke(0, "c1", "acquire").Ok(10, "c1", "acquire", grant)
            .Invoke(20, "c2", "acquire").Ok(30, "c2", "acquire", grant)
            .Leads(42, 50, "c1"));

        Assert.Equal(ViolationKinds.StaleLeader, Only(r, ViolationKinds.StaleLeader).Kind);
        Assert.Equal(new JudgedCheck(ViolationKinds.TokenRegression, Coverage.None, "no operation carried a token"), CheckNamed(r, ViolationKinds.TokenRegression));
    }

    [Fact]
    public void A_claim_whose_token_is_not_an_integer_is_a_data_error_on_its_line()
    {
        var history = new HistoryBuilder()
            .Invoke(0, "c1", "claim").Ok(5, "c1", "claim", Checkers.History.OpValue.FromJson("""{"leader":true,"token":"7"}""")).Build();

        Assert.Equal(2, Assert.Throws<Checkers.History.HistoryDataException>(() => FencedLeaseChecker.Check(history)).Line);
    }
}
