using ElectionJepsen.Harness.Run;
using ElectionJepsen.Harness.Run.Live;
using Microsoft.Extensions.Time.Testing;

namespace ElectionJepsen.Harness.Tests.Run.Live;

public sealed class LiveSourceTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly LeaderTracker _leaders;
    private readonly Ledger _ledger = new(fencing: true);

    public LiveSourceTests() => _leaders = new LeaderTracker(_time);

    [Fact]
    public void A_snapshot_reads_the_clock_the_candidates_the_fault_the_ledger_and_the_leaderless_time()
    {
        var said = new Dictionary<string, LastAnswer> { ["c1"] = LastAnswer.Of(true, 4), ["c2"] = LastAnswer.Of(false, 0), ["c3"] = LastAnswer.Nothing };
        var source = Source(said, paused: ["c2"], killed: ["c3"], fault: "pause candidate on c2");
        _leaders.Start();
        _time.Advance(TimeSpan.FromSeconds(2));
        _leaders.Answered("c1", leader: true, token: 4);
        _time.Advance(TimeSpan.FromSeconds(5));
        _ledger.Offer(4);
        _ledger.Offer(4);
        _ledger.Offer(3);

        var s = source.Take();

        Assert.Equal("redis · nemesis pause", s.Title);
        Assert.Equal(TimeSpan.FromSeconds(7), s.Elapsed);
        Assert.Equal(TimeSpan.FromSeconds(30), s.Limit);
        Assert.Equal(
            [new CandidateLine("c1", CandidateState.Leader, 4), new CandidateLine("c2", CandidateState.Paused), new CandidateLine("c3", CandidateState.Killed)],
            s.Candidates);
        Assert.Equal("pause candidate on c2", s.Fault);
        Assert.Equal((2L, 1L), (s.Accepted, s.Refused));
        Assert.Equal(TimeSpan.FromSeconds(2), s.Leaderless);
        Assert.Equal(42, s.Events);
        Assert.Null(s.Matrix);
    }

    [Fact]
    public void The_matrix_time_left_counts_down_from_the_estimate_and_stops_at_zero()
    {
        var start = new MatrixProgress(2, 6, "redis", "pause", TimeSpan.FromMinutes(4), _time.GetTimestamp());
        var source = Source([], [], [], "no fault", start);
        _time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(TimeSpan.FromMinutes(3), source.Take().Matrix!.Left);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.Zero, source.Take().Matrix!.Left);
    }

    [Theory]
    [InlineData(ClaimAnswer.Leader, true, false, CandidateState.Leader)]
    [InlineData(ClaimAnswer.Follower, true, false, CandidateState.Follower)]
    [InlineData(ClaimAnswer.NoAnswer, true, false, CandidateState.NoAnswer)]
    [InlineData(ClaimAnswer.None, true, false, CandidateState.Waiting)]
    [InlineData(ClaimAnswer.Leader, true, true, CandidateState.Paused)]
    [InlineData(ClaimAnswer.Leader, false, false, CandidateState.Killed)]
    [InlineData(ClaimAnswer.Follower, false, true, CandidateState.Killed)]
    public void A_stopped_or_paused_process_says_so_before_its_last_answer(ClaimAnswer answer, bool running, bool paused, CandidateState expected) =>
        Assert.Equal(expected, CandidateLine.Of("c1", new LastAnswer(answer, 3), running, paused).State);

    private LiveSource Source(Dictionary<string, LastAnswer> said, string[] paused, string[] killed, string fault, MatrixProgress? matrix = null) =>
        new("redis · nemesis pause", TimeSpan.FromSeconds(30),
            [.. said.Keys.Select(n => new LiveCandidate(n, () => said[n], () => !killed.Contains(n), () => paused.Contains(n)))],
            _leaders, _ledger, () => fault, () => 42, _time)
        {
            Matrix = matrix,
        };
}
