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
            if (State == KeeperState.SyncConnected) await CallAsync(OpCode.CloseSession, _ => { }, null, cancel);
        }
        finally
        {
            await DisposeAsync();
        }
    }

    /// <summary>
    /// One request on the current connection. A reply that does not come within the call
    /// timeout drops the connection, so that the request's fate is settled the way a lost
    /// connection's is (reconnect, then look), and throws ConnectionLoss.
    /// </summary>
    private async Task<byte[]> CallAsync(int type, Action<JuteWriter> write, string? path, CancellationToken cancel)
    {
        ZooKeeperConnection? connection;
        lock (_lock) connection = CurrentState() == KeeperState.SyncConnected ? _connection : null;
        if (connection is null)
        {
            throw new ZooKeeperException(State == KeeperState.Expired ? ZooKeeperError.SessionExpired : ZooKeeperError.ConnectionLoss, path);
        }

        try
        {
            return await connection.CallAsync(type, write, path, _callTimeout, cancel);
        }
        catch (TimeoutException)
        {
            connection.Close($"no reply from {connection.Server} in {_callTimeout.TotalMilliseconds:0} ms");
            throw new ZooKeeperException(ZooKeeperError.ConnectionLoss, $"{path}: no reply in {_callTimeout.TotalMilliseconds:0} ms");
        }
    }

    /// <summary>UTF-8 bytes of a string, for znode data.</summary>
    public static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);
}
