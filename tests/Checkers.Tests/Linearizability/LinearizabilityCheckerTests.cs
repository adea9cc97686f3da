using ElectionJepsen.Checkers.FencedLease;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Linearizability;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Checkers.Tests.Linearizability;

public class LinearizabilityCheckerTests
{
    private static CheckResult Check(HistoryBuilder b, string model) =>
        LinearizabilityChecker.Check(b.Build(), model, SearchLimits.Default);

    private static HistoryBuilder Op(HistoryBuilder b, long from, long to, string p, string f, OpValue input, OpValue output, string? key = null) =>
        b.Invoke(from, p, f, input, key).Ok(to, p, f, output, key);

    [Fact]
    public void Mutex_taken_twice_without_a_release_is_not_linearizable()
    {
        var b = new HistoryBuilder();
        Op(b, 0, 10, "c1", "acquire", default, default);
        Op(b, 20, 30, "c2", "acquire", default, default);
        var r = Check(b, "mutex");
        Assert.Equal(Validity.False, r.Valid);
        var v = Assert.Single(r.Violations);
        Assert.Equal(ViolationKinds.Nonlinearizable, v.Kind);
        Assert.Contains("c2 acquire", v.Description, StringComparison.Ordinal);
        Assert.Equal(3, v.Indices[0]);
    }

    [Fact]
    public void Mutex_with_an_indeterminate_release_between_may_be_valid()
    {
        var b = new HistoryBuilder();
        Op(b, 0, 10, "c1", "acquire", default, default);
        b.Invoke(12, "c1", "release").Info(14, "c1", "release");
        Op(b, 20, 30, "c2", "acquire", default, default);
        Assert.Equal(Validity.True, Check(b, "mutex").Valid);
    }

    [Fact]
    public void Register_read_of_a_value_never_written_names_the_read_and_what_was_concurrent()
    {
        var b = new HistoryBuilder { Key = "x" };
        Op(b, 0, 10, "c1", "write", OpValue.FromInt64(1), OpValue.Null);
        Op(b, 20, 40, "c2", "write", OpValue.FromInt64(2), OpValue.Null);
        Op(b, 25, 30, "c3", "read", OpValue.Null, OpValue.FromInt64(3));
        var r = Check(b, "register");
        var v = Assert.Single(r.Violations);
        Assert.Equal(["c3", "c2"], v.Processes);
        Assert.Contains("c3 read -> 3", v.Description, StringComparison.Ordinal);
        Assert.Contains("c2 write 2", v.Description, StringComparison.Ordinal);
        Assert.Equal("x", v.Key);
    }

    [Fact]
    public void Register_read_during_a_concurrent_write_may_see_either_value()
    {
        var b = new HistoryBuilder();
        Op(b, 0, 10, "c1", "write", OpValue.FromInt64(1), OpValue.Null);
        Op(b, 20, 40, "c2", "write", OpValue.FromInt64(2), OpValue.Null);
        Op(b, 25, 30, "c3", "read", OpValue.Null, OpValue.FromInt64(1));
        Op(b, 26, 31, "c4", "read", OpValue.Null, OpValue.FromInt64(2));
        Op(b, 32, 35, "c3", "read", OpValue.Null, OpValue.FromInt64(2));
        Assert.Equal(Validity.True, Check(b, "register").Valid);
    }

    [Fact]
    public void Initial_register_value_is_null()
    {
        var b = new HistoryBuilder();
        Op(b, 0, 10, "c1", "read", OpValue.Null, OpValue.Null);
        Assert.Equal(Validity.True, Check(b, "register").Valid);
    }

    [Fact]
    public void Cas_swaps_only_from_the_current_value()
    {
        var ok = new HistoryBuilder();
        Op(ok, 0, 10, "c1", "write", OpValue.FromInt64(1), OpValue.Null);
        Op(ok, 20, 30, "c2", "cas", OpValue.FromJson("[1, 2]"), OpValue.FromJson("true"));
        Op(ok, 40, 50, "c1", "cas", OpValue.FromJson("[1, 3]"), OpValue.FromJson("false"));
        Op(ok, 60, 70, "c2", "read", OpValue.Null, OpValue.FromInt64(2));
        Assert.Equal(Validity.True, Check(ok, "cas-register").Valid);

        var bad = new HistoryBuilder();
        Op(bad, 0, 10, "c1", "write", OpValue.FromInt64(1), OpValue.Null);
        Op(bad, 20, 30, "c2", "cas", OpValue.FromJson("[1, 2]"), OpValue.FromJson("false"));
        Assert.Equal(Validity.False, Check(bad, "cas-register").Valid);
    }

    [Fact]
    public void Indeterminate_write_may_take_effect_late()
    {
        var b = new HistoryBuilder();
        b.Invoke(0, "c1", "write", OpValue.FromInt64(5)).Info(10, "c1", "write");
        Op(b, 20, 30, "c2", "read", OpValue.Null, OpValue.Null);
        Op(b, 40, 50, "c2", "read", OpValue.Null, OpValue.FromInt64(5));
        Assert.Equal(Validity.True, Check(b, "register").Valid);
    }

    [Fact]
    public void Failed_operations_took_no_effect()
    {
        var b = new HistoryBuilder();
        b.Invoke(0, "c1", "write", OpValue.FromInt64(5)).Fail(10, "c1", "write", "refused");
        Op(b, 20, 30, "c2", "read", OpValue.Null, OpValue.FromInt64(5));
        Assert.Equal(Validity.False, Check(b, "register").Valid);
    }

    [Fact]
    public void Cas_in_a_plain_register_history_is_a_data_error()
    {
        var b = new HistoryBuilder();
        Op(b, 0, 10, "c1", "cas", OpValue.FromJson("[1, 2]"), OpValue.FromJson("true"));
        Assert.Equal(1, Assert.Throws<HistoryDataException>(() => Check(b, "register")).Line);
    }

    [Fact]
    public void Out_of_time_the_verdict_is_unknown_and_says_why()
    {
        var h = HistoryGenerator.Register(1, new GenOptions(5, 2000)).History();
        var r = LinearizabilityChecker.Check(h, "register", SearchLimits.Default with { TimeLimit = TimeSpan.Zero });
        Assert.Equal(Validity.Unknown, r.Valid);
        Assert.Contains("time limit", r.UnknownReason, StringComparison.Ordinal);
    }

    [Fact]
    public void One_invalid_key_makes_the_history_invalid_however_many_keys_are_valid()
    {
        var b = new HistoryBuilder();
        for (var k = 0; k < 10; k++) Op(b, k * 100, (k * 100) + 10, "c1", "write", OpValue.FromInt64(k), OpValue.Null, $"k{k}");
        Op(b, 2000, 2010, "c2", "read", OpValue.Null, OpValue.FromInt64(99), "k7");
        var r = Check(b, "register");
        Assert.Equal(Validity.False, r.Valid);
        Assert.Equal("k7", Assert.Single(r.Violations).Key);
    }

    [Fact]
    public void Indeterminate_acquires_of_two_processes_are_not_interchangeable_to_the_lease_model()
    {
        // c1's claim after its own release needs c1's indeterminate acquire to have re-granted
        // its token; c2's earlier one, of the same code and arguments, cannot do that.
        var b = new HistoryBuilder();
        b.Acquire(0, 10, "c1", 1);
        b.Invoke(12, "c2", "acquire", OpValue.Null).Info(14, "c2", "acquire");
        b.Release(20, 30, "c1", 1);
        b.Invoke(40, "c1", "acquire", OpValue.Null).Info(50, "c1", "acquire");
        b.Claim(60, 70, "c1", 1);
        Assert.Equal(Validity.True, Check(b, "fenced-lease").Valid);
    }

    [Fact]
    public void A_first_grant_of_token_0_is_linearizable_and_a_later_one_is_not()
    {
        // A ZooKeeper znode's first sequence number is 0: a token like any other the first time.
        var b = new HistoryBuilder();
        b.Acquire(0, 10, "c1", 0);
        b.Claim(20, 30, "c1", 0);
        Assert.Equal(Validity.True, Check(b, "fenced-lease").Valid);
        Assert.True(BruteForce.IsLinearizable(b.Build(), "fenced-lease"));

        b.Acquire(40, 50, "c2", 1);
        b.Acquire(60, 70, "c3", 0);
        Assert.Equal(Validity.False, Check(b, "fenced-lease").Valid);
        Assert.False(BruteForce.IsLinearizable(b.Build(), "fenced-lease"));
    }

    [Fact]
    public void A_first_token_below_0_is_judged_alike_by_the_search_and_the_fast_rules()
    {
        // A history from elsewhere: tokens are integers, and nothing was granted before.
        var b = new HistoryBuilder();
        b.Claim(0, 10, "c1", -5);
        b.Acquire(20, 30, "c2", -3);
        var result = Check(b, "fenced-lease");
        Assert.Equal(Validity.True, result.Valid);
        Assert.Equal(Validity.True, FencedLeaseChecker.Check(b.Build()).Valid);
        Assert.True(BruteForce.IsLinearizable(b.Build(), "fenced-lease"));

        b.Claim(40, 50, "c1", -5);
        Assert.Equal(Validity.False, Check(b, "fenced-lease").Valid);
        Assert.Contains(FencedLeaseChecker.Check(b.Build()).Violations, v => v.Kind == ViolationKinds.StaleLeader);
    }
}
