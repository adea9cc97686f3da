using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ElectionJepsen.Workloads.ZooKeeper;

/// <summary>
/// A ZooKeeper session over one server connection: the connect handshake with a negotiated
/// session timeout, requests matched to replies by xid, a ping every third of the timeout,
/// watch events, and closeSession. Every request has a timeout. When the connection breaks,
/// pending requests fail with ConnectionLoss and <see cref="StateChanged"/> reports
/// Disconnected.
/// </summary>
public sealed partial class ZooKeeperSession : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly TimeSpan _callTimeout;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<byte[]>> _pending = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task _reader = Task.CompletedTask;
    private Task _pinger = Task.CompletedTask;
    private int _xid;

    private ZooKeeperSession(Socket socket, TimeSpan callTimeout, ConnectResponse connected)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _callTimeout = callTimeout;
        SessionId = connected.SessionId;
        NegotiatedTimeout = TimeSpan.FromMilliseconds(connected.TimeOut);
    }

    public long SessionId { get; }

    public TimeSpan NegotiatedTimeout { get; }

    /// <summary>Watch notifications, as the server sends them.</summary>
    public event Action<WatcherEvent>? Watched;

    /// <summary>Connection state changes (Disconnected when the connection breaks).</summary>
    public event Action<KeeperState>? StateChanged;

    /// <summary>Connects to the first server that answers and opens a session.</summary>
    public static async Task<ZooKeeperSession> ConnectAsync(IReadOnlyList<IPEndPoint> servers, TimeSpan sessionTimeout, TimeSpan callTimeout, Func<Socket>? newSocket = null, CancellationToken cancel = default)
    {
        Exception? last = null;
        foreach (var server in servers)
        {
            var socket = newSocket?.Invoke() ?? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
                limit.CancelAfter(callTimeout);
                await socket.ConnectAsync(server, limit.Token);
                var hello = new JuteWriter();
                new ConnectRequest(0, 0, (int)sessionTimeout.TotalMilliseconds, 0, new byte[16], false).Write(hello);
                await socket.SendAsync(hello.Framed(), limit.Token);
                var body = await ReadFrameAsync(socket, limit.Token);
                var r = new JuteReader(body);
                var connected = ConnectResponse.Read(ref r);
                if (connected.TimeOut <= 0) throw new ZooKeeperException(ZooKeeperError.SessionExpired);
                var session = new ZooKeeperSession(socket, callTimeout, connected);
                session._reader = session.ReadAsync();
                session._pinger = session.PingAsync();
                return session;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or IOException && !cancel.IsCancellationRequested)
            {
                socket.Dispose();
                last = e;
            }
        }

        throw new ZooKeeperException(ZooKeeperError.ConnectionLoss, last?.Message);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _stream.DisposeAsync();
        try
        {
            await Task.WhenAll(_reader, _pinger);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
        }

        _sending.Dispose();
        _stop.Dispose();
    }

    private static async Task<byte[]> ReadFrameAsync(Socket socket, CancellationToken cancel)
    {
        var header = new byte[4];
        await ReceiveExactlyAsync(socket, header, cancel);
        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length is < 0 or > (16 << 20)) throw new InvalidDataException($"ZooKeeper frame of {length} bytes");
        var body = new byte[length];
        await ReceiveExactlyAsync(socket, body, cancel);
        return body;
    }

    private static async Task ReceiveExactlyAsync(Socket socket, byte[] buffer, CancellationToken cancel)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), cancel);
            if (n == 0) throw new IOException("the server closed the connection");
            read += n;
        }
    }
}
