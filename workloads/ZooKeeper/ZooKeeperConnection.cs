using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ElectionJepsen.Workloads.ZooKeeper;

/// <summary>
/// One TCP connection to one server, carrying a session: the connect handshake, requests
/// matched to replies by xid, a ping every third of the session timeout, and a read timeout
/// of two thirds of it (as ClientCnxn has them): a server that says nothing for that long is
/// taken as gone, the connection closes and every pending request fails with ConnectionLoss.
/// </summary>
internal sealed class ZooKeeperConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly ConcurrentDictionary<int, TaskCompletionSource<byte[]>> _pending = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<WatcherEvent> _watched;
    private readonly Action<long> _zxid;
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _reader = Task.CompletedTask;
    private Task _pinger = Task.CompletedTask;
    private int _xid;
    private long _lastReceived = Stopwatch.GetTimestamp();

    private ZooKeeperConnection(Socket socket, IPEndPoint server, ConnectResponse hello, Action<WatcherEvent> watched, Action<long> zxid)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Server = server;
        Hello = hello;
        _watched = watched;
        _zxid = zxid;
        Timeout = TimeSpan.FromMilliseconds(hello.TimeOut);
    }

    public IPEndPoint Server { get; }

    public ConnectResponse Hello { get; }

    /// <summary>The negotiated session timeout.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Completes, with why, when the connection is over.</summary>
    public Task<string> Closed => _closed.Task;

    /// <summary>How long since the server last said anything.</summary>
    public TimeSpan Silence => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastReceived));

    /// <summary>
    /// Connects and sends the handshake. A server that answers with a zero timeout has found the
    /// session expired: that throws SessionExpired. Anything else that goes wrong throws
    /// ConnectionLoss.
    /// </summary>
    public static async Task<ZooKeeperConnection> OpenAsync(
        IPEndPoint server, ConnectRequest hello, TimeSpan limit, Func<Socket>? newSocket,
        Action<WatcherEvent> watched, Action<long> zxid, CancellationToken cancel)
    {
        var socket = newSocket?.Invoke() ?? new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            deadline.CancelAfter(limit);
            await socket.ConnectAsync(server, deadline.Token);
            var w = new JuteWriter();
            hello.Write(w);
            await socket.SendAsync(w.Framed(), deadline.Token);
            var body = await ReadFrameAsync(socket, deadline.Token);
            var r = new JuteReader(body);
            var answer = ConnectResponse.Read(ref r);
            if (answer.TimeOut <= 0) throw new ZooKeeperException(ZooKeeperError.SessionExpired);
            var connection = new ZooKeeperConnection(socket, server, answer, watched, zxid);
            connection._reader = connection.ReadAsync();
            connection._pinger = connection.PingAsync();
            return connection;
        }
        catch (Exception e) when (e is not ZooKeeperException && !cancel.IsCancellationRequested)
        {
            socket.Dispose();
            throw new ZooKeeperException(ZooKeeperError.ConnectionLoss, $"{server}: {(e is OperationCanceledException ? "no answer" : e.Message)}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends one request and waits for its reply's body (after the reply header).</summary>
    public async Task<byte[]> CallAsync(int type, Action<JuteWriter> write, string? path, TimeSpan limit, CancellationToken cancel)
    {
        var xid = Interlocked.Increment(ref _xid);
        var reply = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[xid] = reply;
        try
        {
            // Checked once registered: a close from now on fails this request too.
            if (_closed.Task.IsCompleted) throw new ZooKeeperException(ZooKeeperError.ConnectionLoss, path);
            var w = new JuteWriter();
            new RequestHeader(xid, type).Write(w);
            write(w);
            await SendAsync(w.Framed(), cancel);
            var body = await reply.Task.WaitAsync(limit, cancel);
            var r = new JuteReader(body);
            var header = ReplyHeader.Read(ref r);
            if (header.Err != 0) throw new ZooKeeperException((ZooKeeperError)header.Err, path);
            return body[16..];
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            Close("sending failed: " + e.Message);
            throw new ZooKeeperException(ZooKeeperError.ConnectionLoss, path);
        }
        finally
        {
            _pending.TryRemove(xid, out _);
        }
    }

    /// <summary>Ends the connection (not the session): pending requests fail with ConnectionLoss.</summary>
    public void Close(string why)
    {
        if (!_closed.TrySetResult(why)) return;
        _stop.Cancel();
        _socket.Dispose();
        foreach (var waiting in _pending.Values) waiting.TrySetException(new ZooKeeperException(ZooKeeperError.ConnectionLoss));
    }

    public async ValueTask DisposeAsync()
    {
        Close("closed by the client");
        try
        {
            await Task.WhenAll(_reader, _pinger);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
        }

        await _stream.DisposeAsync();
        _sending.Dispose();
        _stop.Dispose();
    }

    private async Task SendAsync(byte[] frame, CancellationToken cancel)
    {
        await _sending.WaitAsync(cancel);
        try
        {
            await _stream.WriteAsync(frame, cancel);
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task ReadAsync()
    {
        var why = "the server closed the connection";
        try
        {
            var readTimeout = Timeout * 2 / 3;
            while (!_stop.IsCancellationRequested)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                quiet.CancelAfter(readTimeout);
                byte[] body;
                try
                {
                    body = await ReadFrameAsync(_socket, quiet.Token);
                }
                catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                {
                    why = $"no word from {Server} for {readTimeout.TotalMilliseconds:0} ms";
                    break;
                }

                Interlocked.Exchange(ref _lastReceived, Stopwatch.GetTimestamp());
                var r = new JuteReader(body);
                var header = ReplyHeader.Read(ref r);
                if (header.Zxid > 0) _zxid(header.Zxid);
                if (header.Xid == Xid.WatcherEvent) _watched(WatcherEvent.Read(ref r));
                else if (header.Xid != Xid.Ping && _pending.TryGetValue(header.Xid, out var waiting)) waiting.TrySetResult(body);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException or InvalidDataException)
        {
            if (e is InvalidDataException) why = e.Message;
        }
        finally
        {
            Close(why);
        }
    }

    private async Task PingAsync()
    {
        var ping = new JuteWriter();
        new RequestHeader(Xid.Ping, OpCode.Ping).Write(ping);
        var frame = ping.Framed();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(Timeout / 3, _stop.Token);
                await SendAsync(frame, _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
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
