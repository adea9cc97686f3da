using System.Diagnostics;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.Harness.Run.Contract;
using ElectionJepsen.TestSupport;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Harness.Tests.Run.Contract;

/// <summary>
/// One candidate's turn (docs/candidate.md, "How the harness orders one candidate's
/// operations"): its ledger calls and its own operations recorded one at a time, whatever
/// order they arrive in, and a history that always reads back whole.
/// </summary>
public sealed class ContractSessionTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly HistoryWriter _history;
    private readonly Ledger _ledger = new(fencing: true);
    private readonly ContractSession _session;

    public ContractSessionTests()
    {
        _history = new HistoryWriter(Path.Combine(_dir.Path, "history.jsonl"));
        _session = new ContractSession("c1", _history, _ledger, new LeaderTracker());
    }

    public void Dispose()
    {
        _history.Dispose();
        _dir.Dispose();
    }

    private HistoryT Recorded()
    {
        _history.Dispose();
        return HistoryT.Load(Path.Combine(_dir.Path, "history.jsonl"));
    }

    private static OpRequest Op(string f, string type, long? token = null, string? error = null) => new(f, type, token, error);

    [Fact]
    public async Task A_campaign_then_writes_is_recorded_in_order_and_fenced()
    {
        Assert.Equal(200, (await _session.OperateAsync(Op("acquire", "invoke"), default)).Status);
        Assert.Equal("acquire", _session.Open);
        Assert.Equal(200, (await _session.OperateAsync(Op("acquire", "ok", 7), default)).Status);
        Assert.Null(_session.Open);
        Assert.Equal(200, (await _session.OfferAsync(new WriteRequest(7, 1), default)).Status);
        Assert.Equal(200, (await _session.OfferAsync(new JobRequest(100, 7), default)).Status);
        Assert.Equal(200, (await _session.OfferAsync(new WriteRequest(null, 2), default)).Status);
        var refused = await _session.OfferAsync(new WriteRequest(3, 3), default);
        Assert.Equal(409, refused.Status);
        Assert.Contains("stale-token", refused.Body, StringComparison.Ordinal);
        Assert.Equal(LastAnswer.Of(true, 7), _session.LastAnswer);

        var ops = Recorded().Operations;
        Assert.Equal(["acquire", "write", "job", "write", "write"], ops.Select(o => o.F));
        Assert.Equal(7, ops[0].Output.Token);
        Assert.Null(ops[3].Input.Token);
        Assert.Equal(Outcome.Fail, ops[4].Outcome);
        Assert.Equal(1, _ledger.Refused);
    }

    [Fact]
    public async Task A_write_during_an_open_campaign_waits_for_its_completion()
    {
        await _session.OperateAsync(Op("acquire", "invoke"), default);
        var write = _session.OfferAsync(new WriteRequest(7, 1), default);
        await Task.Delay(200);
        Assert.False(write.IsCompleted);
        await _session.OperateAsync(Op("acquire", "ok", 7), default);
        Assert.Equal(200, (await write).Status);
        var ops = Recorded().Operations;
        Assert.Equal(["acquire", "write"], ops.Select(o => o.F));
        Assert.True(ops[0].ReturnTime < ops[1].InvokeTime);
    }

    [Fact]
    public async Task A_write_while_a_campaign_stays_open_is_refused_and_noted_not_recorded_as_a_write()
    {
        await _session.OperateAsync(Op("acquire", "invoke"), default);
        var clock = Stopwatch.StartNew();
        var answer = await _session.OfferAsync(new WriteRequest(7, 1), default);
        Assert.True(clock.Elapsed >= ContractSession.OpenWait - TimeSpan.FromMilliseconds(50));
        Assert.Equal(409, answer.Status);
        Assert.Contains("operation-open", answer.Body, StringComparison.Ordinal);
        _session.Gone("its program was killed");
        var history = Recorded();
        Assert.DoesNotContain(history.Operations, o => o.F == "write");
        var acquire = Assert.Single(history.Operations);
        Assert.Equal(Outcome.Info, acquire.Outcome);
        Assert.Contains(history.Notes, e => (e.Value.ToJson() ?? string.Empty).Contains("open", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Operations_out_of_turn_get_400_and_an_event_and_the_history_stays_whole()
    {
        Assert.Equal(400, (await _session.OperateAsync(Op("acquire", "ok", 3), default)).Status);
        Assert.Equal(400, (await _session.OperateAsync(Op("release", "ok"), default)).Status);
        await _session.OperateAsync(Op("acquire", "invoke"), default);
        Assert.Equal(400, (await _session.OperateAsync(Op("acquire", "invoke"), default)).Status);
        Assert.Equal(400, (await _session.OperateAsync(Op("release", "ok"), default)).Status);
        Assert.Equal(200, (await _session.OperateAsync(Op("acquire", "fail", error: "lost the race"), default)).Status);
        await _session.OperateAsync(Op("release", "invoke", 4), default);
        Assert.Equal(200, (await _session.OperateAsync(Op("release", "ok"), default)).Status);

        var history = Recorded();
        Assert.Equal(["acquire", "release"], history.Operations.Select(o => o.F));
        Assert.Equal(Outcome.Fail, history.Operations[0].Outcome);
        Assert.Equal(4, history.Operations[1].Input.Token);
        Assert.Equal(4, history.Notes.Count);
    }

    [Fact]
    public async Task A_flood_of_writes_is_bounded_and_every_recorded_write_is_whole()
    {
        await _session.OperateAsync(Op("acquire", "invoke"), default);
        var calls = Enumerable.Range(0, 300).Select(i => _session.OfferAsync(new WriteRequest(1, i), default)).ToList();
        await Task.Delay(100);
        await _session.OperateAsync(Op("acquire", "ok", 1), default);
        var answers = await Task.WhenAll(calls);
        Assert.Contains(answers, a => a.Status == 429);
        Assert.Contains(answers, a => a.Status == 200);
        var writes = Recorded().Operations.Count(o => o.F == "write");
        Assert.Equal(answers.Count(a => a.Status == 200), writes);
        Assert.True(writes <= ContractSession.MaxWaiting);
    }
}
