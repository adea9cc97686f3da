using System.Text;

namespace ElectionJepsen.Workloads.ZooKeeper;

public sealed partial class ZooKeeperSession
{
    public async Task<Create2Response> CreateAsync(string path, byte[] data, int mode, CancellationToken cancel = default)
    {
        var body = await CallAsync(OpCode.Create2, w => new CreateRequest(path, data, Acl.OpenUnsafe, mode).Write(w), path, cancel);
        var r = new JuteReader(body);
        return Create2Response.Read(ref r);
    }

    public async Task<GetChildren2Response> GetChildrenAsync(string path, bool watch, CancellationToken cancel = default)
    {
        var body = await CallAsync(OpCode.GetChildren2, w => new PathWatchRequest(path, watch).Write(w), path, cancel);
        var r = new JuteReader(body);
        return GetChildren2Response.Read(ref r);
    }

    /// <summary>The znode's stat, or null when it does not exist (a watch, if asked, then fires on its creation).</summary>
    public async Task<Stat?> ExistsAsync(string path, bool watch, CancellationToken cancel = default)
    {
        try
        {
            var body = await CallAsync(OpCode.Exists, w => new PathWatchRequest(path, watch).Write(w), path, cancel);
            var r = new JuteReader(body);
            return Stat.Read(ref r);
        }
        catch (ZooKeeperException e) when (e.Code == ZooKeeperError.NoNode)
        {
            return null;
        }
    }

    public async Task<GetDataResponse> GetDataAsync(string path, bool watch, CancellationToken cancel = default)
    {
        var body = await CallAsync(OpCode.GetData, w => new PathWatchRequest(path, watch).Write(w), path, cancel);
        var r = new JuteReader(body);
        return GetDataResponse.Read(ref r);
    }

    public Task DeleteAsync(string path, int version = -1, CancellationToken cancel = default) =>
        CallAsync(OpCode.Delete, w => new DeleteRequest(path, version).Write(w), path, cancel);

    /// <summary>Ends the session: its ephemeral znodes go at once.</summary>
    public async Task CloseAsync(CancellationToken cancel = default)
    {
        try
        {
            await CallAsync(OpCode.CloseSession, _ => { }, null, cancel);
        }
        finally
        {
            await DisposeAsync();
        }
    }

    private async Task<byte[]> CallAsync(int type, Action<JuteWriter> write, string? path, CancellationToken cancel)
    {
        var xid = Interlocked.Increment(ref _xid);
        var reply = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[xid] = reply;
        try
        {
            var w = new JuteWriter();
            new RequestHeader(xid, type).Write(w);
            write(w);
            await SendAsync(w.Framed(), cancel);
            var body = await reply.Task.WaitAsync(_callTimeout, cancel);
            var r = new JuteReader(body);
            var header = ReplyHeader.Read(ref r);
            if (header.Err != 0) throw new ZooKeeperException((ZooKeeperError)header.Err, path);
            return body[16..];
        }
        finally
        {
            _pending.TryRemove(xid, out _);
        }
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
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var body = await ReadFrameAsync(_socket, _stop.Token);
                var r = new JuteReader(body);
                var header = ReplyHeader.Read(ref r);
                if (header.Xid == Xid.WatcherEvent) Watched?.Invoke(WatcherEvent.Read(ref r));
                else if (header.Xid != Xid.Ping && _pending.TryGetValue(header.Xid, out var waiting)) waiting.TrySetResult(body);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.Sockets.SocketException or InvalidDataException)
        {
        }
        finally
        {
            foreach (var waiting in _pending.Values) waiting.TrySetException(new ZooKeeperException(ZooKeeperError.ConnectionLoss));
            if (!_stop.IsCancellationRequested) StateChanged?.Invoke(KeeperState.Disconnected);
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
                await Task.Delay(NegotiatedTimeout / 3, _stop.Token);
                await SendAsync(frame, _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    /// <summary>UTF-8 bytes of a string, for znode data.</summary>
    public static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);
}
