using ElectionJepsen.Checkers.FencedLease;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Linearizability;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Checkers.Tests.Linearizability;

/// <summary>An ok stamped at the largest time the format allows (2^63-1) is a completion, never taken for an indeterminate operation.</summary>
public class MaxTimeCompletionTests
{
    private const long End = long.MaxValue;

    private static Validity Search(HistoryBuilder b, string model) =>
        LinearizabilityChecker.Check(b.Build(), model, SearchLimits.Default).Valid;

    [Fact]
    public void Register_read_of_a_value_never_written_completing_at_the_last_time_is_found()
    {
        var b = new HistoryBuilder();
        b.Invoke(0, "c1", "write", OpValue.FromInt64(1)).Ok(10, "c1", "write", OpValue.Null);
        b.Invoke(20, "c2", "read").Ok(End, "c2", "read", OpValue.FromInt64(2));
        Assert.Equal(Validity.False, Search(b, "register"));
    }

    [Fact]
    public void Register_read_of_the_written_value_completing_at_the_last_time_is_valid()
    {
        var b = new HistoryBuilder();
        b.Invoke(0, "c1", "write", OpValue.FromInt64(1)).Ok(10, "c1", "write", OpValue.Null);
        b.Invoke(20, "c2", "read").Ok(End, "c2", "read", OpValue.FromInt64(1));
        Assert.Equal(Validity.True, Search(b, "register"));
    }

    [Fact]
    public void Mutex_acquired_twice_with_the_second_grant_at_the_last_time_is_found()
    {
        var b = new HistoryBuilder();
        b.Invoke(0, "c1", "acquire").Ok(10, "c1", "acquire");
        b.Invoke(20, "c2", "acquire").Ok(End, "c2", "acquire");
        Assert.Equal(Validity.False, Search(b, "mutex"));
    }

    [Fact]
    public void Mutex_released_then_granted_at_the_last_time_is_valid()
    {
        var b = new HistoryBuilder();
        b.Invoke(0, "c1", "acquire").Ok(10, "c1", "acquire");
        b.Invoke(12, "c1", "release").Ok(15, "c1", "release");
        b.Invoke(20, "c2", "acquire").Ok(End, "c2", "acquire");
        Assert.Equal(Validity.True, Search(b, "mutex"));
    }

    [Fact]
    public void Lease_token_regression_granted_at_the_last_time_is_found_by_both_checkers()
    {
        var b = new HistoryBuilder();
        b.Acquire(0, 10, "c1", 2);
        b.Acquire(20, End, "c2", 1);
        var fast = FencedLeaseChecker.Check(b.Build());
        Assert.Contains(fast.Violations, v => v.Kind == ViolationKinds.TokenRegression);
        Assert.Equal(Validity.False, Search(b, FencedLeaseChecker.ModelName));
    }

    [Fact]
    public void Lease_newer_grant_at_the_last_time_is_valid_to_both_checkers()
    {
        var b = new HistoryBuilder();
        b.Acquire(0, 10, "c1", 2);
        b.Claim(12, 14, "c1", 2);
        b.Acquire(20, End, "c2", 3);
        Assert.Equal(Validity.True, FencedLeaseChecker.Check(b.Build()).Valid);
        Assert.Equal(Validity.True, Search(b, FencedLeaseChecker.ModelName));
    }

    [Fact]
    public void An_ok_at_the_last_time_is_not_indeterminate_and_precedes_nothing()
    {
        var b = new HistoryBuilder();
        b.Invoke(0, "c1", "acquire").Ok(End, "c1", "acquire");
        b.Invoke(5, "c2", "acquire").Info(End, "c2", "acquire");
        var ops = b.Build().Operations;
        Assert.False(ops[0].IsIndeterminate);
        Assert.True(ops[1].IsIndeterminate);
        Assert.False(ops[0].Precedes(ops[1]));
        Assert.True(SearchOp.Of(ops[1], 0, 0, 0).Indeterminate);
        Assert.False(SearchOp.Of(ops[0], 0, 0, 0).Indeterminate);
    }
}
