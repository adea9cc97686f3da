using ElectionJepsen.Checkers.Results;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Checkers.Tests.FencedLease;

/// <summary>The longest time no leader acted: what failover cannot see when nobody takes over.</summary>
public partial class FencedLeaseCheckerTests
{
    [Fact]
    public void A_leader_that_hangs_holding_its_lease_leaves_no_failover_but_a_long_time_without_a_leader()
    {
        // c1 leads, answers every 200 ms, hangs 6 s (its claims time out), then answers again:
        // nobody else was granted the lease, so there was no change of leader.
        var b = new HistoryBuilder().Acquire(0, 10, "c1", 1);
        for (long t = 20; t < 1000; t += 200) b.Claim(t, t + 2, "c1", 1);
        b.Invoke(1020, "c1", "claim").Info(2020, "c1", "claim");
        b.Write(6970, 6980, "c1", 1, 1);
        for (long t = 7000; t < 8000; t += 200) b.Claim(t, t + 2, "c1", 1);
        var r = Check(b);

        Assert.Equal(Validity.True, r.Valid);
        Assert.Equal(0, r.Failover!.Count);
        Assert.Equal(new LeaderlessWindow("leader", 822, 6970), r.LongestWithoutLeader);
    }

    [Fact]
    public void The_longest_time_without_a_leader_spans_a_change_of_leader_and_acts_back_to_back_leave_no_gap()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 1)
            .Write(20, 400, "c1", 1, 1)
            .Claim(410, 420, "c1", 1)
            .Acquire(2000, 2100, "c2", 2)
            .Claim(2500, 2510, "c2", 2)
            .Claim(2600, 2610, "c2", 2));

        Assert.Equal(new LeaderlessWindow("leader", 420, 2500), r.LongestWithoutLeader);
        Assert.Equal(1, r.Failover!.Count);

        var backToBack = Check(new HistoryBuilder().Acquire(0, 10, "c1", 1).Claim(20, 100, "c1", 1).Write(100, 160, "c1", 1, 1));
        Assert.Null(backToBack.LongestWithoutLeader);
        Assert.Null(Check(new HistoryBuilder().Acquire(0, 10, "c1", 1).Claim(20, 100, "c1", 1)).LongestWithoutLeader);
    }

    [Fact]
    public void Claims_that_say_not_leader_and_refused_writes_are_not_acts_of_a_leader()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 1)
            .Claim(20, 30, "c1", 1)
            .Claim(1000, 1010, "c2", null)
            .Write(1500, 1510, "c1", 0, 1, accepted: false)
            .Claim(3000, 3010, "c1", 1));

        Assert.Equal(new LeaderlessWindow("leader", 30, 3000), r.LongestWithoutLeader);
    }
}
