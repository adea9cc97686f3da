using System.Collections.Concurrent;
using System.Net.Sockets;

namespace ElectionJepsen.Workloads.Control;

/// <summary>
/// The candidate's end of the control channel. Campaigns and resignations are announced and
/// acknowledged before they start; writes and jobs go to the harness's ledger and wait for
/// its decision; claims from the harness are answered from the candidate's own belief.
/// </summary>
public sealed class HarnessClient : IAsyncDisposable
{
    private readonly ControlChannel _channel;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<ControlMessage>> _pending = new();
    private readonly Func<(bool Leader, long Token)> _belief;
    private readonly CancellationTokenSource _stop = new();
    private long _nextId;
    private Task _reader = Task.CompletedTask;

    private HarnessClient(ControlChannel channel, Func<(bool Leader, long Token)> belief)
    {
        _channel = channel;
        _belief = belief;
    }

    /// <summary>Raised when the harness closes the channel.</summary>
    public CancellationToken Closed => _stop.Token;

    public static async Task<HarnessClient> ConnectAsync(string socketPath, string node, Func<(bool Leader, long Token)> belief, CancellationToken cancel)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancel);
        var client = new HarnessClient(new ControlChannel(new NetworkStream(socket, ownsSocket: true)), belief);
        await client._channel.SendAsync(new ControlMessage(MessageTypes.Hello) { Node = node }, cancel);
        client._reader = client.ReadAsync();
        return client;
    }

    /// <summary>Announces a campaign or resignation and waits until the harness has recorded it.</summary>
    public async Task<long> AnnounceAsync(string f, long? token, CancellationToken cancel)
    {
        var reply = await RequestAsync(new ControlMessage(MessageTypes.Announce) { F = f, Token = token }, cancel);
        return reply.Id;
    }

    public Task ReportAsync(long id, string f, string outcome, long? token = null, string? error = null, CancellationToken cancel = default) =>
        _channel.SendAsync(new ControlMessage(MessageTypes.Outcome) { Id = id, F = f, Outcome = outcome, Token = token, Error = error }, cancel);

    /// <summary>Writes {token, seq} to the ledger; the reply says whether it was accepted.</summary>
    public Task<ControlMessage> WriteAsync(long token, long seq, CancellationToken cancel) =>
        RequestAsync(new ControlMessage(MessageTypes.Write) { Token = token, Seq = seq }, cancel);

    /// <summary>Runs job slot s with the token: the ledger records it (or refuses a stale token).</summary>
    public Task<ControlMessage> JobAsync(long slot, long token, CancellationToken cancel) =>
        RequestAsync(new ControlMessage(MessageTypes.Job) { Slot = slot, Token = token }, cancel);

    public Task EventAsync(string text, CancellationToken cancel = default) =>
        _channel.SendAsync(new ControlMessage(MessageTypes.Event) { Text = text }, cancel);

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

    private async Task<ControlMessage> RequestAsync(ControlMessage request, CancellationToken cancel)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<ControlMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
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
                    waiting.TrySetResult(message);
                }
            }
        }
        finally
        {
            await _stop.CancelAsync();
        }
    }
}
