using ElectionJepsen.Harness.Run;
using Microsoft.Extensions.Time.Testing;

namespace ElectionJepsen.Harness.Tests.Run;

public sealed class LeaderTrackerTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Leaderless_time_counts_from_the_start_until_a_candidate_claims_to_lead()
    {
        var tracker = new LeaderTracker(_time);
        _time.Advance(TimeSpan.FromSeconds(5));
        tracker.Start();
        _time.Advance(TimeSpan.FromSeconds(2));
        tracker.Answered("c1", leader: false, token: 0);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.FromSeconds(3), tracker.Leaderless);

        tracker.Answered("c2", leader: true, token: 1);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(3), tracker.Leaderless);
    }

    [Fact]
    public void A_leader_that_stops_answering_starts_a_leaderless_interval_and_the_next_claim_ends_it()
    {
        var tracker = new LeaderTracker(_time);
        tracker.Answered("c1", leader: true, token: 1);
        tracker.Start();
        _time.Advance(TimeSpan.FromSeconds(4));
        tracker.Unanswered("c1");
        _time.Advance(TimeSpan.FromMilliseconds(1500));
        tracker.Answered("c3", leader: true, token: 2);
        _time.Advance(TimeSpan.FromSeconds(4));
        tracker.Answered("c3", leader: false, token: 0);
        _time.Advance(TimeSpan.FromMilliseconds(500));

        Assert.Equal(TimeSpan.FromSeconds(2), tracker.Leaderless);
        Assert.Null(tracker.Leader);
        Assert.Equal(2, tracker.Changes);
    }

    [Fact]
    public void Two_claimants_overlapping_leave_no_gap_when_the_first_steps_down()
    {
        var tracker = new LeaderTracker(_time);
        tracker.Start();
        tracker.Answered("c1", leader: true, token: 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        tracker.Answered("c2", leader: true, token: 2);
        tracker.Answered("c1", leader: false, token: 0);
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(TimeSpan.Zero, tracker.Leaderless);
        Assert.Equal("c2", tracker.Leader);
    }

    [Fact]
    public void No_answer_keeps_the_leader_for_the_nemesis_but_not_for_the_leaderless_count()
    {
        var tracker = new LeaderTracker(_time);
        tracker.Start();
        tracker.Answered("c1", leader: true, token: 7);
        tracker.Unanswered("c1");
        _time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal("c1", tracker.Leader);
        Assert.Equal(7, tracker.Token);
        Assert.Equal(TimeSpan.FromSeconds(3), tracker.Leaderless);
    }

    [Fact]
    public void Before_the_start_nothing_is_counted()
    {
        var tracker = new LeaderTracker(_time);
        _time.Advance(TimeSpan.FromSeconds(30));
        tracker.Unanswered("c1");
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(TimeSpan.Zero, tracker.Leaderless);
    }
}
