using ElectionJepsen.Checkers.FencedLease;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Checkers.Tests.FencedLease;

/// <summary>One operation may be evidence of several kinds: each is reported, most damaging first.</summary>
public partial class FencedLeaseCheckerTests
{
    private static void Kinds(CheckResult r, params string[] kinds)
    {
        Assert.Equal(Validity.False, r.Valid);
        Assert.Equal(kinds, r.Violations.Select(v => v.Kind));
    }

    [Fact]
    public void Accepted_write_with_a_reused_token_after_a_larger_grant_is_stale_write_accepted_and_token_reuse()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c3", 1)
            .Acquire(20, 30, "c2", 100)
            .Write(40, 50, "c1", 1, 1));
        Kinds(r, ViolationKinds.StaleWriteAccepted, ViolationKinds.TokenReuse);
        var stale = r.Violations[0];
        Assert.Equal(["c1", "c2"], stale.Processes);
        Assert.Equal([1L, 100L], stale.Tokens);
        Assert.Equal([5L, 3L], stale.Indices);
        Assert.Equal(10, stale.OverlapNs);
        var reuse = r.Violations[1];
        Assert.Equal(["c3", "c1"], reuse.Processes);
        Assert.Equal([1L, 1L], reuse.Tokens);
        Assert.Equal([1L, 5L], reuse.Indices);
    }

    [Fact]
    public void Claim_of_another_process_token_after_a_larger_grant_is_token_reuse_and_stale_leader()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 5)
            .Acquire(20, 30, "c2", 9)
            .Claim(40, 50, "c3", 5));
        Kinds(r, ViolationKinds.TokenReuse, ViolationKinds.StaleLeader);
        Assert.Equal(["c1", "c3"], r.Violations[0].Processes);
        Assert.Equal([1L, 5L], r.Violations[0].Indices);
        Assert.Equal(["c3", "c2"], r.Violations[1].Processes);
        Assert.Equal([5L, 9L], r.Violations[1].Tokens);
        Assert.Equal([5L, 3L], r.Violations[1].Indices);
    }

    [Fact]
    public void Accepted_write_after_its_own_release_and_a_larger_grant_is_stale_write_accepted_and_acted_after_release()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 7)
            .Release(12, 14, "c1", 7)
            .Acquire(20, 30, "c2", 8)
            .Write(40, 50, "c1", 7, 1));
        Kinds(r, ViolationKinds.StaleWriteAccepted, ViolationKinds.ActedAfterRelease);
        Assert.Equal([7L, 5L], r.Violations[0].Indices);
        Assert.Equal([7L, 3L], r.Violations[1].Indices);
    }

    [Fact]
    public void Stale_job_of_a_slot_that_ran_is_stale_write_accepted_and_duplicate_job()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 7)
            .Job(12, 14, "c1", 1, 7)
            .Acquire(20, 30, "c2", 8)
            .Job(40, 50, "c1", 1, 7));
        Kinds(r, ViolationKinds.StaleWriteAccepted, ViolationKinds.DuplicateJob);
        Assert.False(FencedLeaseChecker.IsLinearizable(r));
        Assert.Contains("job with token 7", r.Violations[0].Description, StringComparison.Ordinal);
        Assert.Equal([3L, 7L], r.Violations[1].Indices);
    }

    [Fact]
    public void Grant_of_another_process_token_smaller_than_a_completed_grant_is_token_reuse_and_token_regression()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 5)
            .Acquire(20, 30, "c2", 8)
            .Acquire(40, 50, "c3", 5));
        Kinds(r, ViolationKinds.TokenReuse, ViolationKinds.TokenRegression);
        Assert.All(r.Violations, v => Assert.Contains(5L, v.Indices));
        Assert.Equal([5L, 8L], r.Violations[1].Tokens);
    }

    [Fact]
    public void A_reused_token_released_then_acted_with_is_token_reuse_and_acted_after_release_of_its_second_user()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 5)
            .Acquire(20, 30, "c2", 5)
            .Release(40, 50, "c2", 5)
            .Claim(60, 70, "c2", 5));
        Kinds(r, ViolationKinds.TokenReuse, ViolationKinds.ActedAfterRelease);
        var after = r.Violations[1];
        Assert.Equal(["c2"], after.Processes);
        Assert.Equal([7L, 5L], after.Indices);
    }

    [Fact]
    public void Another_process_grant_of_the_released_token_regrants_nothing_to_its_first_holder()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 5)
            .Release(12, 14, "c1", 5)
            .Acquire(20, 30, "c2", 5)
            .Claim(40, 50, "c1", 5));
        Kinds(r, ViolationKinds.TokenReuse, ViolationKinds.ActedAfterRelease);
        Assert.Equal(["c1"], r.Violations[1].Processes);
    }

    [Fact]
    public void A_regressed_holder_acting_with_its_token_is_token_regression_and_stale_leader()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 8)
            .Acquire(20, 30, "c2", 5)
            .Claim(40, 50, "c2", 5));
        Kinds(r, ViolationKinds.TokenRegression, ViolationKinds.StaleLeader);
    }

    [Fact]
    public void Repeats_with_a_reused_token_fold_into_one_violation_of_each_kind_with_a_count()
    {
        var b = new HistoryBuilder().Acquire(0, 10, "c1", 1).Acquire(20, 30, "c2", 9);
        for (var t = 100; t < 500; t += 100) b.Claim(t, t + 5, "c3", 1);
        var r = FencedLeaseChecker.Check(b.Build());
        Kinds(r, ViolationKinds.TokenReuse, ViolationKinds.StaleLeader);
        Assert.All(r.Violations, v => Assert.Equal(4, v.Count));
    }

    [Fact]
    public void Violations_lead_with_the_most_damaging_kind_whatever_their_key()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 7, key: "a")
            .Release(20, 30, "c1", 7, key: "a")
            .Claim(40, 50, "c1", 7, key: "a")
            .Acquire(0, 10, "c2", 7, key: "b")
            .Acquire(20, 30, "c3", 8, key: "b")
            .Write(40, 50, "c2", 7, 1, key: "b"));
        Kinds(r, ViolationKinds.StaleWriteAccepted, ViolationKinds.ActedAfterRelease);
        Assert.Equal(["b", "a"], r.Violations.Select(v => v.Key));
    }

    [Fact]
    public void Violations_of_one_kind_follow_their_keys_then_their_evidence_lines()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 7, key: "b")
            .Acquire(20, 30, "c2", 8, key: "b")
            .Claim(40, 50, "c1", 7, key: "b")
            .Acquire(0, 10, "c3", 3, key: "a")
            .Acquire(20, 30, "c4", 4, key: "a")
            .Claim(60, 70, "c3", 3, key: "a")
            .Claim(80, 90, "c5", 3, key: "a"));
        Assert.Equal(["a", "a", "b"], r.Violations.Where(v => v.Kind == ViolationKinds.StaleLeader).Select(v => v.Key));
        var inA = r.Violations.Where(v => v.Kind == ViolationKinds.StaleLeader && v.Key == "a").Select(v => v.Indices[0]).ToList();
        Assert.Equal(inA.Order(), inA);
    }
}
