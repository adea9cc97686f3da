using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.TestSupport;
using ElectionJepsen.Workloads.Control;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace ElectionJepsen.Harness.Tests.Run;

/// <summary>What a session keeps of its candidate's latest answer, over a real Unix socket, for the live view.</summary>
public sealed class CandidateSessionTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private readonly FakeTimeProvider _time = new();
    private HistoryWriter _history = null!;
    private LeaderTracker _leaders = null!;
    private CandidateSession _session = null!;
    private ControlServer _server = null!;

    private string SocketPath => Path.Combine(_dir.Path, "control.sock");

    public Task InitializeAsync()
    {
        _history = new HistoryWriter(Path.Combine(_dir.Path, "history.jsonl"));
        _leaders = new LeaderTracker(_time);
        _session = new CandidateSession("c1", _history, new Ledger(fencing: true), _leaders);
        _server = new ControlServer(SocketPath, new Dictionary<string, CandidateSession> { ["c1"] = _session }, NullLogger.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _history.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task The_last_answer_follows_the_claims_and_a_closed_connection_is_no_answer()
    {
        var leads = true;
        Assert.Equal(LastAnswer.Nothing, _session.LastAnswer);
        _leaders.Start();
        await using (var client = await HarnessClient.ConnectAsync(SocketPath, "c1", () => (leads, leads ? 3 : 0), CancellationToken.None))
        {
            await WaitAsync(() => _session.Connected);
            await _session.ClaimAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            Assert.Equal(new LastAnswer(ClaimAnswer.Leader, 3), _session.LastAnswer);
            _time.Advance(TimeSpan.FromSeconds(5));
            Assert.Equal(TimeSpan.Zero, _leaders.Leaderless);

            leads = false;
            await _session.ClaimAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
            Assert.Equal(new LastAnswer(ClaimAnswer.Follower, null), _session.LastAnswer);
            leads = true;
            await _session.ClaimAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        }

        await WaitAsync(() => !_session.Connected);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(new LastAnswer(ClaimAnswer.NoAnswer, null), _session.LastAnswer);
        Assert.Equal(TimeSpan.FromSeconds(2), _leaders.Leaderless);
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not come true within 10 s");
            await Task.Delay(10);
        }
    }
}
