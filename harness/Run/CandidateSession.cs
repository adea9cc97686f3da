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
/// candidate's next life (after a kill and restart) starts with nothing open. What a
/// candidate sends is mapped to history operations by a closed set (the channel has checked
/// each message's fields, see <see cref="ControlRules"/>; the session checks its turn): a
/// message out of turn (a second announce, an outcome of nothing announced or of another
/// operation) is a <see cref="ControlProtocolException"/> that drops the connection, and
/// nothing it carries reaches the history.
/// </summary>
public sealed partial class CandidateSession(string node, HistoryWriter history, Ledger ledger, LeaderTracker leaders) : ICandidateSession
{
    public const string Key = "leader";
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource<ControlMessage>> _claims = new();
    private ControlChannel? _channel;
    private string? _announced;
    private long _announcedId;
    private ControlChannel? _announcedBy;
    private long _nextClaim;

    public string Node => node;

    public bool Connected => _channel is not null;

    /// <summary>What the candidate last said about leading (its claims' answers and its acquires), for the live view.</summary>
    public LastAnswer LastAnswer { get; private set; } = LastAnswer.Nothing;

    /// <summary>Reads one connection's messages until the candidate closes it.</summary>
    public async Task ServeAsync(ControlChannel channel, CancellationToken cancel)
    {
        _channel = channel;
        var why = "the candidate's connection closed";
        try
        {
            await ReadAsync(channel, cancel);
        }
        catch (ControlProtocolException e)
        {
            why = $"the candidate's connection was dropped: {e.Message}";
            throw;
        }
        finally
        {
            // A restarted candidate's new connection may already be served: what this
            // connection opened is closed here, and only its own channel forgotten.
            if (ReferenceEquals(Interlocked.CompareExchange(ref _channel, null, channel), channel)) Unanswered();
            if (ReferenceEquals(_announcedBy, channel) && _announced is { } f)
            {
                (_announced, _announcedBy) = (null, null);
                history.Append(node, EventType.Info, Recorded(f), Key, OpValue.Absent, why);
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
                    await AnnounceAsync(channel, m, cancel);
                    break;
                case MessageTypes.Outcome:
                    Complete(channel, m);
                    break;
                case MessageTypes.Write:
                case MessageTypes.Job:
                    _ = OfferAsync(channel, m, cancel);
                    break;
                case MessageTypes.ClaimAnswer:
                    if (_claims.TryGetValue(m.Id, out var waiting)) waiting.TrySetResult(m);
                    break;
                case MessageTypes.Event:
                    history.Append(node, EventType.Event, "note", Key, OpValue.FromJson(System.Text.Json.JsonSerializer.Serialize(m.Text!)));
                    break;
                default:
                    throw new ControlProtocolException($"a {m.Type} out of turn");
            }
        }
    }

    /// <summary>Takes the turn (another connection's open operation, if any, is closed first) and opens the operation.</summary>
    private async Task AnnounceAsync(ControlChannel channel, ControlMessage m, CancellationToken cancel)
    {
        if (ReferenceEquals(_announcedBy, channel) && _announced is { } open) throw new ControlProtocolException($"an announce of {m.F} out of turn: its {open} is still open");
        var f = m.F!;
        var recorded = Recorded(f);
        await _turn.WaitAsync(cancel);
        var value = f == ControlFunctions.Release ? OpValue.FromToken(m.Token!.Value) : OpValue.Null;
        history.Append(node, EventType.Invoke, recorded, Key, value);
        (_announced, _announcedId, _announcedBy) = (f, m.Id, channel);
        await channel.SendAsync(new ControlMessage(MessageTypes.Ack) { Id = m.Id }, cancel);

        // The turn stays taken until the outcome arrives.
    }

    private void Complete(ControlChannel channel, ControlMessage m)
    {
        if (!ReferenceEquals(_announcedBy, channel) || _announced is not { } f || m.Id != _announcedId || m.F != f)
        {
            throw new ControlProtocolException($"an outcome of {m.F} {m.Id} out of turn: {(_announced is null ? "nothing" : $"{_announced} {_announcedId}")} is open");
        }

        (_announced, _announcedBy) = (null, null);
        var (type, value) = m.Outcome switch
        {
            Outcomes.Ok when f == ControlFunctions.Acquire => (EventType.Ok, OpValue.FromToken(m.Token!.Value)),
            Outcomes.Ok => (EventType.Ok, OpValue.Null),
            Outcomes.Fail => (EventType.Fail, OpValue.Absent),
            _ => (EventType.Info, OpValue.Absent),
        };
        history.Append(node, type, Recorded(f), Key, value, type == EventType.Ok ? null : m.Error);
        if (type == EventType.Ok && f == ControlFunctions.Acquire) Answered(true, m.Token!.Value);
        _turn.Release();
    }

    /// <summary>
    /// The history's operation for what a candidate announced: the control protocol's
    /// functions (<see cref="ControlFunctions"/>) and the history's (<see cref="LeaseFunctions"/>)
    /// are two contracts, and this is the one place that joins them.
    /// </summary>
    private static string Recorded(string f) => f switch
    {
        ControlFunctions.Acquire => LeaseFunctions.Acquire,
        ControlFunctions.Release => LeaseFunctions.Release,
        _ => throw new ControlProtocolException($"no operation \"{f}\" in the history"),
    };

    private void Answered(bool leader, long token)
    {
        LastAnswer = LastAnswer.Of(leader, token);
        leaders.Answered(node, leader, token);
    }

    private void Unanswered()
    {
        LastAnswer = new(ClaimAnswer.NoAnswer, null);
        leaders.Unanswered(node);
    }
}
