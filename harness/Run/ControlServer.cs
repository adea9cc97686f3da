using System.Net.Sockets;
using ElectionJepsen.Workloads.Control;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ElectionJepsen.Harness.Run;

/// <summary>
/// The control socket: a Unix domain socket in the run directory (mode 0600). It crosses
/// network namespaces, so no partition ever cuts the harness off from a candidate. Each
/// connection introduces itself (hello) and is served by that candidate's session. A
/// connection that breaks the protocol (a bad frame, an unknown candidate, a message out of
/// turn) is logged and dropped; nothing else changes, and the others are served on.
/// </summary>
public sealed partial class ControlServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly IReadOnlyDictionary<string, CandidateSession> _sessions;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _served = [];
    private readonly Lock _lock = new();
    private readonly Task _accepting;

    public ControlServer(string path, IReadOnlyDictionary<string, CandidateSession> sessions, ILogger? log = null)
    {
        Path = path;
        _sessions = sessions;
        _log = log ?? NullLogger.Instance;
        File.Delete(path);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(path));
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _listener.Listen(64);
        _accepting = AcceptAsync();
    }

    public string Path { get; }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (_lock) _served.Add(ServeAsync(new ControlChannel(new NetworkStream(client, ownsSocket: true), ControlPeer.Candidate)));
        }
    }

    private async Task ServeAsync(ControlChannel channel)
    {
        var who = "a connection";
        await using (channel)
        {
            try
            {
                var hello = await channel.ReceiveAsync(_stop.Token);
                if (hello is null) return;
                if (hello.Type != MessageTypes.Hello) throw new ControlProtocolException($"a {hello.Type} before its hello");
                if (!_sessions.TryGetValue(hello.Node!, out var session)) throw new ControlProtocolException($"hello from {hello.Node}, who is not a candidate of this run");
                who = session.Node;
                await session.ServeAsync(channel, _stop.Token);
            }
            catch (ControlProtocolException e)
            {
                BadFrame(_log, who, e.Message);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The candidate went away; its session has closed what it left open.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        Task[] served;
        lock (_lock) served = [.. _served];
        await Task.WhenAll(served);
        File.Delete(Path);
        _stop.Dispose();
    }

    [LoggerMessage(EventId = 60, Level = LogLevel.Warning, Message = "control: {Who} broke the protocol ({Reason}); its connection is dropped")]
    private static partial void BadFrame(ILogger logger, string who, string reason);
}
