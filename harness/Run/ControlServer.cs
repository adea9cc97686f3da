using System.Net.Sockets;
using ElectionJepsen.Workloads.Control;

namespace ElectionJepsen.Harness.Run;

/// <summary>
/// The control socket: a Unix domain socket in the run directory (mode 0600). It crosses
/// network namespaces, so no partition ever cuts the harness off from a candidate. Each
/// connection introduces itself (hello) and is served by that candidate's session.
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly IReadOnlyDictionary<string, CandidateSession> _sessions;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _served = [];
    private readonly Lock _lock = new();
    private readonly Task _accepting;

    public ControlServer(string path, IReadOnlyDictionary<string, CandidateSession> sessions)
    {
        Path = path;
        _sessions = sessions;
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

            lock (_lock) _served.Add(ServeAsync(new ControlChannel(new NetworkStream(client, ownsSocket: true))));
        }
    }

    private async Task ServeAsync(ControlChannel channel)
    {
        await using (channel)
        {
            try
            {
                var hello = await channel.ReceiveAsync(_stop.Token);
                if (hello is not { Type: MessageTypes.Hello, Node: { } node } || !_sessions.TryGetValue(node, out var session)) return;
                await session.ServeAsync(channel, _stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or InvalidDataException or ObjectDisposedException)
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
}
