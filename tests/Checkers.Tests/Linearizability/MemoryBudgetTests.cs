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
    public void What_a_search_discards_is_counted_until_a_collection_that_lets_a_reservation_fit()
    {
        var budget = new MemoryBudget(1000);
        var memory = new SearchMemory(budget);
        Assert.True(memory.TryReserve(600));
        memory.Discard(100);
        Assert.Equal(600, budget.UsedBytes);
        Assert.True(memory.TryReserve(300));
        Assert.Equal(900, budget.UsedBytes);
        Assert.True(memory.TryReserve(200));
        Assert.Equal(1000, budget.UsedBytes);
        Assert.False(memory.TryReserve(1));
        Assert.Equal(1000, budget.UsedBytes);
    }

    [Fact]
    public void A_key_below_its_floor_is_granted_up_to_it_whatever_another_key_holds()
    {
        var budget = new MemoryBudget(1000, keysAtOnce: 2);
        var greedy = new SearchMemory(budget);
        var small = new SearchMemory(budget);
        Assert.True(greedy.TryReserve(700));
        Assert.False(greedy.TryReserve(100));
        Assert.True(small.TryReserve(250));
        Assert.False(small.TryReserve(51));
        greedy.Discard(700);
        Assert.False(small.TryReserve(501));
        Assert.True(small.TryReserve(500));
    }

    [Fact]
    public void Keys_reserving_and_dropping_at_once_are_never_refused_while_their_sum_fits()
    {
        const int Keys = 4;
        const long Limit = 64L << 20;
        var budget = new MemoryBudget(Limit, Keys);
        var refused = 0;
        Parallel.For(0, Keys, new ParallelOptions { MaxDegreeOfParallelism = Keys }, k =>
        {
            var memory = new SearchMemory(budget);
            var random = new Random(k);
            for (var i = 0; i < 500; i++)
            {
                // Each key holds at most its quarter: the sum always fits.
                var bytes = random.NextInt64(1, (Limit / Keys) - memory.HeldBytes + 1);
                if (!memory.TryReserve(bytes)) Interlocked.Increment(ref refused);
                if (memory.HeldBytes > Limit / Keys / 2 || random.Next(3) == 0) memory.DiscardAll();
            }

            memory.DiscardAll();
        });

        Assert.Equal(0, refused);
    }
}
