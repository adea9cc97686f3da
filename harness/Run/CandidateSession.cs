using System.Collections.Concurrent;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Workloads.Control;

namespace ElectionJepsen.Harness.Run;

/// <summary>
/// The harness's end of one candidate's control channel, and that candidate's process in the
/// history. A process has one open operation at a time, so every operation of the candidate
/// (its campaigns and resignations, the harness's claims, its writes and jobs) takes the
/// candidate's turn first. Stamps follow the spec's rule: an announced campaign or
/// resignation is recorded before the candidate is told to go ahead; a claim when the query
/// is sent; a write or job when it reaches the ledger; each completion when it is known.
/// The session outlives the candidate's connections: when one closes with a campaign or
/// resignation still open, that operation is completed as indeterminate, so that the
/// candidate's next life (after a kill and restart) starts with nothing open.
/// </summary>
public sealed class CandidateSession(string node, HistoryWriter history, Ledger ledger, LeaderTracker leaders)
{
    public const string Key = "leader";
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<ControlMessage>> _claims = new();
    private ControlChannel? _channel;
    private string? _announced;
    private long _nextClaim;

    public string Node => node;

    public bool Connected => _channel is not null;

    /// <summary>Reads one connection's messages until the candidate closes it.</summary>
    public async Task ServeAsync(ControlChannel channel, CancellationToken cancel)
    {
        _channel = channel;
        try
        {
            await ReadAsync(channel, cancel);
        }
        finally
        {
            _channel = null;
            if (_announced is { } f)
            {
                _announced = null;
                history.Append(node, EventType.Info, f, Key, OpValue.Absent, "the candidate's connection closed");
                _turn.Release();
            }
        }
    }

    private async Task ReadAsync(ControlChannel channel, CancellationToken cancel)
    {
        while (await channel.ReceiveAsync(cancel) is { } m)
        {
            switch (m.Type)
            {
                case MessageTypes.Announce:
                    await AnnounceAsync(m, cancel);
                    break;
                case MessageTypes.Outcome:
                    Complete(m);
                    break;
                case MessageTypes.Write:
                case MessageTypes.Job:
                    _ = OfferAsync(m, cancel);
                    break;
                case MessageTypes.ClaimAnswer:
                    if (_claims.TryGetValue(m.Id, out var waiting)) waiting.TrySetResult(m);
                    break;
                case MessageTypes.Event:
                    history.Append(node, EventType.Event, "note", Key, OpValue.FromJson(System.Text.Json.JsonSerializer.Serialize(m.Text ?? string.Empty)));
                    break;
            }
        }
    }

    /// <summary>Asks the candidate whether it leads; info when no answer comes within the timeout.</summary>
    public async Task ClaimAsync(TimeSpan timeout, CancellationToken cancel)
    {
        if (_channel is null) return;
        await _turn.WaitAsync(cancel);
        var id = Interlocked.Increment(ref _nextClaim);
        var answer = new TaskCompletionSource<ControlMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _claims[id] = answer;
        try
        {
            var channel = _channel ?? throw new IOException("not connected");
            history.Append(node, EventType.Invoke, "claim", Key, OpValue.Absent);
            try
            {
                await channel.SendAsync(new ControlMessage(MessageTypes.Claim) { Id = id }, cancel);
                var m = await answer.Task.WaitAsync(timeout, cancel);
                var leader = m.Leader == true;
                history.Append(node, EventType.Ok, "claim", Key, OpValue.Claim(leader, m.Token ?? 0));
                leaders.Answered(node, leader, m.Token ?? 0);
            }
            catch (Exception e) when (e is TimeoutException or IOException or OperationCanceledException)
            {
                history.Append(node, EventType.Info, "claim", Key, OpValue.Absent, e is TimeoutException ? "timeout" : "no answer");
                if (e is OperationCanceledException) throw;
            }
        }
        finally
        {
            _claims.TryRemove(id, out _);
            _turn.Release();
        }
    }

    private async Task AnnounceAsync(ControlMessage m, CancellationToken cancel)
    {
        await _turn.WaitAsync(cancel);
        var f = m.F ?? "acquire";
        var value = f == "release" && m.Token is { } token ? OpValue.FromToken(token) : OpValue.Null;
        history.Append(node, EventType.Invoke, f, Key, value);
        _announced = f;
        await _channel!.SendAsync(new ControlMessage(MessageTypes.Ack) { Id = m.Id }, cancel);

        // The turn stays taken until the outcome arrives.
    }

    private void Complete(ControlMessage m)
    {
        if (_announced is null) return;
        var f = _announced;
        _announced = null;
        var (type, value) = m.Outcome switch
        {
            Outcomes.Ok when f == "acquire" && m.Token is { } k => (EventType.Ok, OpValue.FromToken(k)),
            Outcomes.Ok => (EventType.Ok, OpValue.Null),
            Outcomes.Fail => (EventType.Fail, OpValue.Absent),
            _ => (EventType.Info, OpValue.Absent),
        };
        history.Append(node, type, f, Key, value, type == EventType.Ok ? null : m.Error);
        if (type == EventType.Ok && f == "acquire") leaders.Answered(node, true, m.Token ?? 0);
        _turn.Release();
    }

    private async Task OfferAsync(ControlMessage m, CancellationToken cancel)
    {
        var isJob = m.Type == MessageTypes.Job;
        var f = isJob ? "job" : "write";
        var token = m.Token ?? 0;
        var value = isJob ? OpValue.Job(m.Slot ?? 0, token) : OpValue.Write(token, m.Seq ?? 0);
        string? refused;
        await _turn.WaitAsync(cancel);
        try
        {
            history.Append(node, EventType.Invoke, f, Key, value);
            refused = ledger.Offer(token);
            if (refused is null) history.Append(node, EventType.Ok, f, Key, OpValue.Null);
            else history.Append(node, EventType.Fail, f, Key, value, refused);
        }
        finally
        {
            _turn.Release();
        }

        if (_channel is { } channel) await channel.SendAsync(new ControlMessage(MessageTypes.Written) { Id = m.Id, Outcome = refused is null ? Outcomes.Ok : Outcomes.Fail, Error = refused }, cancel);
    }
}
