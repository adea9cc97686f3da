using ElectionJepsen.Checkers.FencedLease;
using ElectionJepsen.Checkers.Linearizability;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Checkers.Tests.Linearizability;

/// <summary>The memory budget bounds all the search holds: reached, the verdict is unknown and says so, never wrong.</summary>
public class MemoryBudgetTests
{
    [Fact]
    public void Tiny_budget_ends_unknown_saying_the_budget_was_reached()
    {
        var h = HistoryGenerator.Register(3, new GenOptions(6, 3000) { Concurrency = 4 }).History();
        var r = LinearizabilityChecker.Check(h, "register", new SearchLimits(TimeSpan.FromSeconds(60), 64 * 1024));
        Assert.Equal(Validity.Unknown, r.Valid);
        Assert.Contains("memory budget of 0.1 MiB", r.UnknownReason, StringComparison.Ordinal);
        Assert.Empty(r.Violations);
    }

    [Fact]
    public void Exploding_search_under_a_small_budget_forgets_until_its_time_is_up_and_ends_unknown()
    {
        var h = HistoryGenerator.AcquireStorm(9, 200).History();
        var r = LinearizabilityChecker.Check(h, FencedLeaseChecker.ModelName, new SearchLimits(TimeSpan.FromSeconds(2), 8L << 20));
        Assert.Equal(Validity.Unknown, r.Valid);
        Assert.Contains("time limit", r.UnknownReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Budget_that_holds_the_arrays_but_no_memo_ends_unknown_with_what_it_held()
    {
        var h = HistoryGenerator.AcquireStorm(9, 200).History();
        var r = LinearizabilityChecker.Check(h, FencedLeaseChecker.ModelName, new SearchLimits(TimeSpan.FromSeconds(60), 80 * 1024));
        Assert.Equal(Validity.Unknown, r.Valid);
        Assert.Contains("memory budget of 0.1 MiB (--memory-limit-mb)", r.UnknownReason, StringComparison.Ordinal);
        Assert.Contains("memo entries", r.UnknownReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Small_budget_forgets_old_entries_and_still_decides()
    {
        var h = HistoryGenerator.Register(3, new GenOptions(6, 3000) { Concurrency = 4 }).History();
        var r = LinearizabilityChecker.Check(h, "register", new SearchLimits(TimeSpan.FromSeconds(60), 2L << 20));
        Assert.Equal(Validity.True, r.Valid);
    }

    [Fact]
    public void Small_budget_still_finds_a_violation()
    {
        var g = HistoryGenerator.BlockingMutex(10, new GenOptions(8, 3000));
        Assert.True(Corruptions.EarlyGrant(g, new Random(10), from: 0.9));
        var r = LinearizabilityChecker.Check(g.History(), "mutex", new SearchLimits(TimeSpan.FromSeconds(60), 2L << 20));
        Assert.Equal(Validity.False, r.Valid);
    }

    [Fact]
    public void Budget_is_given_back_when_the_search_ends()
    {
        var budget = new MemoryBudget(1L << 30);
        Assert.True(budget.TryReserve(100));
        Assert.False(budget.TryReserve(1L << 30));
        budget.Release(100);
        Assert.Equal(0, budget.UsedBytes);
        Assert.Equal(100, budget.PeakBytes);
    }
}
