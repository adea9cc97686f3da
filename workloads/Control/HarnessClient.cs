using System.Collections.Concurrent;
using System.Net.Sockets;

namespace ElectionJepsen.Workloads.Control;

/// <summary>
/// The candidate's end of the control channel. Campaigns and resignations are announced and
/// acknowledged before they start; writes and jobs go to the harness's ledger and wait for
/// its decision; claims from the harness are answered from the candidate's own belief. A bad
/// frame from the harness (see <see cref="ControlChannel"/>), or a reply of the wrong type, is
/// logged and closes the channel, as a lost connection does: <see cref="Closed"/> is raised
/// and what waits for a reply is cancelled.
/// </summary>
public sealed partial class HarnessClient : IAsyncDisposable
{
    private readonly ControlChannel _channel;
    private readonly ConcurrentDictionary<long, (string Reply, TaskCompletionSource<ControlMessage> Waiting)> _pending = new();
    private readonly Func<(bool Leader, long Token)> _belief;
    private readonly TextWriter _log;
    private readonly CancellationTokenSource _stop = new();
    private long _nextId;
    private Task _reader = Task.CompletedTask;

    private HarnessClient(ControlChannel channel, Func<(bool Leader, long Token)> belief, TextWriter log)
    {
        _channel = channel;
        _belief = belief;
        _log = log;
    }

    /// <summary>Raised when the harness closes the channel.</summary>
    public CancellationToken Closed => _stop.Token;

    /// <summary>Connects and says hello; bad frames from the harness are told on standard error.</summary>
    public static Task<HarnessClient> ConnectAsync(string socketPath, string node, Func<(bool Leader, long Token)> belief, CancellationToken cancel) =>
        ConnectAsync(socketPath, node, belief, Console.Error, cancel);

    /// <summary>Connects and says hello; <paramref name="log"/> hears of bad frames from the harness.</summary>
    public static async Task<HarnessClient> ConnectAsync(string socketPath, string node, Func<(bool Leader, long Token)> belief, TextWriter log, CancellationToken cancel)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancel);
        var client = new HarnessClient(new ControlChannel(new NetworkStream(socket, ownsSocket: true), ControlPeer.Harness), belief, log);
        await client._channel.SendAsync(new ControlMessage(MessageTypes.Hello) { Node = node }, cancel);
        client._reader = client.ReadAsync();
        return client;
    }

    /// <summary>Announces a campaign or resignation and waits until the harness has recorded it.</summary>
    public async Task<long> AnnounceAsync(string f, long? token, CancellationToken cancel)
    {
        var reply = await RequestAsync(new ControlMessage(MessageTypes.Announce) { F = f, Token = token }, MessageTypes.Ack, cancel);
        return reply.Id;
    }

    public Task ReportAsync(long id, string f, string outcome, long? token = null, string? error = null, CancellationToken cancel = default) =>
        _channel.SendAsync(new ControlMessage(MessageTypes.Outcome) { Id = id, F = f, Outcome = outcome, Token = token, Error = error is null ? null : Fit(error) }, cancel);

    /// <summary>Writes {token, seq} to the ledger; the reply says whether it was accepted.</summary>
    public Task<ControlMessage> WriteAsync(long token, long seq, CancellationToken cancel) =>
        RequestAsync(new ControlMessage(MessageTypes.Write) { Token = token, Seq = seq }, MessageTypes.Written, cancel);

    /// <summary>Runs job slot s with the token: the ledger records it (or refuses a stale token).</summary>
    public Task<ControlMessage> JobAsync(long slot, long token, CancellationToken cancel) =>
        RequestAsync(new ControlMessage(MessageTypes.Job) { Slot = slot, Token = token }, MessageTypes.Written, cancel);

    public Task EventAsync(string text, CancellationToken cancel = default) =>
        _channel.SendAsync(new ControlMessage(MessageTypes.Event) { Text = Fit(text) }, cancel);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _channel.DisposeAsync();
        try
        {
            await _reader;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
        }

        _stop.Dispose();
    }

    /// <summary>A text cut to what a message may carry, never between the halves of a surrogate pair.</summary>
    private static string Fit(string text)
    {
        if (text.Length <= ControlRules.MaxText) return text;
        var cut = ControlRules.MaxText - 3;
        if (char.IsHighSurrogate(text[cut - 1])) cut--;
        return text[..cut] + "...";
    }

    private async Task<ControlMessage> RequestAsync(ControlMessage request, string replyType, CancellationToken cancel)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<ControlMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = (replyType, reply);
        try
        {
            await _channel.SendAsync(request with { Id = id }, cancel);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, _stop.Token);
            return await reply.Task.WaitAsync(linked.Token);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            while (await _channel.ReceiveAsync(_stop.Token) is { } message)
            {
                if (message.Type == MessageTypes.Claim)
                {
                    var (leader, token) = _belief();
                    await _channel.SendAsync(new ControlMessage(MessageTypes.ClaimAnswer) { Id = message.Id, Leader = leader, Token = leader ? token : null }, _stop.Token);
                }
                else if (_pending.TryGetValue(message.Id, out var waiting))
                {
                    if (waiting.Reply != message.Type) throw new ControlProtocolException($"a {message.Type} where {waiting.Reply} {message.Id} was due");
                    waiting.Waiting.TrySetResult(message);
                }
            }
        }
        catch (ControlProtocolException e)
        {
            await _log.WriteLineAsync($"control: a bad frame from the harness ({e.Message}); closing the connection");
            await _channel.DisposeAsync();
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // The connection is gone (or this end is closing it): the same as its end.
        }
        finally
        {
            await _stop.CancelAsync();
        }
    }
}
