using ElectionJepsen.Checkers.FencedLease;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Linearizability;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.TestSupport;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Checkers.Tests.FencedLease;

public partial class FencedLeaseCheckerTests
{
    /// <summary>Checks with the fast path and asserts that the search agrees on linearizability.</summary>
    private static CheckResult Check(HistoryBuilder b)
    {
        var history = b.Build();
        var fast = FencedLeaseChecker.Check(history);
        var search = LinearizabilityChecker.Check(history, "fenced-lease", SearchLimits.Default);
        Assert.Equal(FencedLeaseChecker.IsLinearizable(fast), search.Valid == Validity.True);
        Assert.Equal(FencedLeaseChecker.IsLinearizable(fast), BruteForce.IsLinearizable(history, "fenced-lease"));
        return fast;
    }

    private static Violation Only(CheckResult r, string kind)
    {
        Assert.Equal(Validity.False, r.Valid);
        var v = Assert.Single(r.Violations);
        Assert.Equal(kind, v.Kind);
        return v;
    }

    [Fact]
    public void Claim_after_a_newer_grant_completed_is_a_stale_leader_with_its_evidence()
    {
        var v = Only(Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 7)
            .Acquire(20, 30, "c2", 8)
            .Claim(42, 50, "c1", 7)), ViolationKinds.StaleLeader);
        Assert.Equal(["c1", "c2"], v.Processes);
        Assert.Equal([7L, 8L], v.Tokens);
        Assert.Equal([5L, 3L], v.Indices);
        Assert.Equal(12, v.OverlapNs);
        Assert.Equal("c1 claimed leadership 7 12 ns after c2 was granted 8", v.Description);
    }

    [Fact]
    public void Claim_concurrent_with_the_newer_grant_is_valid()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 7)
            .Acquire(20, 30, "c2", 8)
            .Claim(25, 35, "c1", 7));
        Assert.Equal(Validity.True, r.Valid);
    }

    [Fact]
    public void Claim_by_a_process_whose_acquire_was_indeterminate_is_valid()
    {
        var r = Check(new HistoryBuilder()
            .Invoke(0, "c1", "acquire", OpValue.Null).Info(10, "c1", "acquire")
            .Claim(20, 30, "c1", 3)
            .Write(40, 50, "c1", 3, 1));
        Assert.Equal(Validity.True, r.Valid);
    }

    [Fact]
    public void Fenced_write_refused_after_a_newer_grant_is_valid_and_counted()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 7)
            .Acquire(20, 30, "c2", 8)
            .Write(40, 50, "c2", 8, 1)
            .Write(60, 70, "c1", 7, 5, accepted: false));
        Assert.Equal(Validity.True, r.Valid);
        Assert.Equal(1, r.Fencing?.WritesRefused);
    }

    [Fact]
    public void Accepted_write_with_a_stale_token_is_stale_write_accepted()
    {
        var v = Only(Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 7)
            .Acquire(20, 30, "c2", 8)
            .Write(40, 50, "c1", 7, 5)), ViolationKinds.StaleWriteAccepted);
        Assert.Equal([7L, 8L], v.Tokens);
        Assert.Contains("the ledger accepted c1's write with token 7", v.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Same_holder_granted_its_own_token_again_is_valid()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 7)
            .Release(20, 30, "c1", 7)
            .Acquire(40, 50, "c1", 7)
            .Claim(60, 70, "c1", 7));
        Assert.Equal(Validity.True, r.Valid);
    }

    [Fact]
    public void Act_after_own_release_with_no_new_grant_is_acted_after_release()
    {
        var v = Only(Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 7)
            .Release(20, 30, "c1", 7)
            .Claim(40, 50, "c1", 7)), ViolationKinds.ActedAfterRelease);
        Assert.Equal([5L, 3L], v.Indices);
    }

    [Fact]
    public void Indeterminate_acquire_may_regrant_after_a_release()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 7)
            .Release(20, 30, "c1", 7)
            .Invoke(40, "c1", "acquire", OpValue.Null).Info(45, "c1", "acquire")
            .Claim(50, 60, "c1", 7));
        Assert.Equal(Validity.True, r.Valid);
    }

    [Fact]
    public void One_indeterminate_acquire_rescues_only_one_release()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 7)
            .Invoke(12, "c1", "acquire", OpValue.Null).Info(14, "c1", "acquire")
            .Release(20, 30, "c1", 7)
            .Claim(40, 50, "c1", 7)
            .Release(60, 70, "c1", 7)
            .Claim(80, 90, "c1", 7));
        Only(r, ViolationKinds.ActedAfterRelease);
    }

    [Fact]
    public void Release_of_an_old_token_does_not_affect_the_new_one()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 7)
            .Acquire(20, 30, "c1", 9)
            .Release(40, 50, "c1", 7)
            .Claim(60, 70, "c1", 9));
        Assert.Equal(Validity.True, r.Valid);
    }

    [Fact]
    public void Two_processes_with_one_token_is_token_reuse()
    {
        var v = Only(Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 7)
            .Acquire(20, 30, "c2", 7)), ViolationKinds.TokenReuse);
        Assert.Equal(["c1", "c2"], v.Processes);
        Assert.Equal([1L, 3L], v.Indices);
    }

    [Fact]
    public void Grant_of_a_smaller_token_after_a_larger_one_completed_is_token_regression()
    {
        var v = Only(Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 8)
            .Release(12, 14, "c1", 8)
            .Acquire(20, 30, "c2", 5)), ViolationKinds.TokenRegression);
        Assert.Equal([5L, 8L], v.Tokens);
    }

    [Fact]
    public void Keys_are_checked_each_on_its_own()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 8, key: "a")
            .Acquire(20, 30, "c2", 5, key: "b")
            .Claim(40, 50, "c2", 5, key: "b"));
        Assert.Equal(Validity.True, r.Valid);

        var v = Only(Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 8, key: "a")
            .Acquire(20, 30, "c2", 5, key: "b")
            .Acquire(40, 50, "c2", 6, key: "a")), ViolationKinds.TokenRegression);
        Assert.Equal("a", v.Key);
    }

    [Fact]
    public void Job_slot_run_twice_is_a_duplicate_job_though_linearizable()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 7)
            .Job(12, 14, "c1", 1, 7)
            .Acquire(20, 30, "c2", 8)
            .Job(32, 34, "c2", 1, 8));
        var v = Only(r, ViolationKinds.DuplicateJob);
        Assert.True(FencedLeaseChecker.IsLinearizable(r));
        Assert.Equal(["c1", "c2"], v.Processes);
        Assert.Contains("job slot 1 ran 2 times", v.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Stale_acts_of_one_epoch_fold_into_one_violation_with_the_longest_overlap()
    {
        var b = new HistoryBuilder().Acquire(0, 10, "c1", 7).Acquire(20, 30, "c2", 8);
        for (var t = 100; t < 1000; t += 100) b.Claim(t, t + 5, "c1", 7);
        var v = Only(Check(b), ViolationKinds.StaleLeader);
        Assert.Equal(9, v.Count);
        Assert.Equal(900 - 30, v.OverlapNs);
    }

    [Fact]
    public void Failover_windows_run_from_the_last_act_to_the_next_grant()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 1)
            .Claim(20, 100, "c1", 1)
            .Acquire(500, 610, "c2", 2)
            .Claim(620, 700, "c2", 2)
            .Acquire(1_000_000, 1_000_700, "c3", 3));
        var f = r.Failover!;
        Assert.Equal(2, f.Count);
        Assert.Equal(0.00051, f.MinMs);
        Assert.Equal(1.0, f.MaxMs);
        Assert.Equal(0.00051, f.P50Ms);
        Assert.Equal(1.0, f.P99Ms);
    }

    [Fact]
    public void A_stale_leaders_late_acts_do_not_shorten_the_failover_window()
    {
        var r = FencedLeaseChecker.Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 1)
            .Claim(20, 100, "c1", 1)
            .Acquire(5_000, 5_100, "c2", 2)
            .Claim(9_000, 9_100, "c1", 1)
            .Build());
        Assert.Equal(ViolationKinds.StaleLeader, Assert.Single(r.Violations).Kind);
        Assert.Equal(1, r.Failover!.Count);
        Assert.Equal(0.005, r.Failover.MaxMs);
    }

    [Fact]
    public void An_ok_acquire_whose_value_is_neither_a_token_nor_empty_is_a_data_error_on_its_line()
    {
        var history = new HistoryBuilder().Invoke(0, "c1", "acquire").Ok(5, "c1", "acquire", OpValue.FromJson("""{"token":"seven"}""")).Build();
        var e = Assert.Throws<HistoryDataException>(() => FencedLeaseChecker.Check(history));
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Other_functions_such_as_nemesis_operations_are_ignored()
    {
        var r = Check(new HistoryBuilder()
            .Invoke(0, "nemesis", "partition", OpValue.FromJson("\"halves\""))
            .Ok(5, "nemesis", "partition", OpValue.FromJson("[\"n1\",\"n2\"]"))
            .Acquire(10, 20, "c1", 1));
        Assert.Equal(Validity.True, r.Valid);
        Assert.Equal(2, r.History.Operations);
    }

    [Fact]
    public void Empty_history_is_valid()
    {
        var r = FencedLeaseChecker.Check(HistoryT.FromEvents([]));
        Assert.Equal(Validity.True, r.Valid);
        Assert.Equal(0, r.Failover?.Count);
    }
}
