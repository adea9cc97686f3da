using System.Net;
using System.Net.Sockets;

namespace ElectionJepsen.Workloads.ZooKeeper;

/// <summary>
/// A ZooKeeper session, which outlives its connections. When a connection is lost (the
/// server closed it, or said nothing for two thirds of the timeout) the session reports
/// <see cref="KeeperState.Disconnected"/> and reconnects, to the other servers in turn, with
/// its id and password and the last zxid it has seen, until one takes it back
/// (<see cref="KeeperState.SyncConnected"/>) or one says it has expired
/// (<see cref="KeeperState.Expired"/>, final: the caller opens a new session). While
/// disconnected, requests fail at once with ConnectionLoss; every request has a timeout.
/// Watches are not carried across connections: set them again after SyncConnected.
/// </summary>
public sealed partial class ZooKeeperSession : IAsyncDisposable
{
    private readonly IReadOnlyList<IPEndPoint> _servers;
    private readonly TimeSpan _callTimeout;
    private readonly Func<Socket>? _newSocket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly byte[] _password;
    private ZooKeeperConnection? _connection;
    private KeeperState _state = KeeperState.SyncConnected;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _supervisor = Task.CompletedTask;
    private long _lastZxid;
    private int _next;

    private ZooKeeperSession(IReadOnlyList<IPEndPoint> servers, TimeSpan callTimeout, Func<Socket>? newSocket, ZooKeeperConnection first, int index)
    {
        _servers = servers;
        _callTimeout = callTimeout;
        _newSocket = newSocket;
        _connection = first;
        _next = index + 1;
        SessionId = first.Hello.SessionId;
        _password = first.Hello.Password;
        NegotiatedTimeout = first.Timeout;
    }

    public long SessionId { get; }

    public TimeSpan NegotiatedTimeout { get; }

    /// <summary>SyncConnected, Disconnected (reconnecting), or Expired (over for good).</summary>
    public KeeperState State
    {
        get
        {
            lock (_lock) return CurrentState();
        }
    }

    /// <summary>The server this session is connected to now, or null while disconnected.</summary>
    public IPEndPoint? Server
    {
        get
        {
            lock (_lock) return CurrentState() == KeeperState.SyncConnected ? _connection?.Server : null;
        }
    }

    /// <summary>How long since the server last said anything on the current connection.</summary>
    public TimeSpan Silence
    {
        get
        {
            lock (_lock) return _connection?.Silence ?? TimeSpan.MaxValue;
        }
    }

    /// <summary>Watch notifications, as the server sends them.</summary>
    public event Action<WatcherEvent>? Watched;

    /// <summary>Connection state changes: Disconnected, SyncConnected again, Expired.</summary>
    public event Action<KeeperState, string>? StateChanged;

    /// <summary>Opens a session on the first of <paramref name="servers"/> that answers.</summary>
    public static async Task<ZooKeeperSession> ConnectAsync(IReadOnlyList<IPEndPoint> servers, TimeSpan sessionTimeout, TimeSpan callTimeout, Func<Socket>? newSocket = null, CancellationToken cancel = default)
    {
        ZooKeeperSession? session = null;
        var hello = new ConnectRequest(0, 0, (int)sessionTimeout.TotalMilliseconds, 0, new byte[16], false);
        var errors = new List<string>();
        for (var i = 0; i < servers.Count; i++)
        {
            try
            {
                var first = await ZooKeeperConnection.OpenAsync(
                    servers[i], hello, callTimeout, newSocket, e => session?.OnWatched(e), z => session?.SawZxid(z), cancel);
                session = new ZooKeeperSession(servers, callTimeout, newSocket, first, i);
                session._supervisor = session.SuperviseAsync(first);
                return session;
            }
            catch (ZooKeeperException e) when (e.Code == ZooKeeperError.ConnectionLoss)
            {
                errors.Add(e.Message);
            }
        }

        throw new ZooKeeperException(ZooKeeperError.ConnectionLoss, string.Join("; ", errors));
    }

    /// <summary>Waits until the session is connected: returns at once when it is, throws SessionExpired when it is over, ConnectionLoss when the wait runs out.</summary>
    public async Task WaitConnectedAsync(TimeSpan limit, CancellationToken cancel = default)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                var state = CurrentState();
                if (state == KeeperState.SyncConnected) return;
                if (state == KeeperState.Expired) throw new ZooKeeperException(ZooKeeperError.SessionExpired);
                changed = _changed.Task;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new ZooKeeperException(ZooKeeperError.ConnectionLoss, "not reconnected in time");
            try
            {
                await changed.WaitAsync(left, cancel);
            }
            catch (TimeoutException)
            {
            }
        }
    }

    /// <summary>Drops the current connection, as a lost one would be (the session then reconnects); for tests and for calls that timed out.</summary>
    public void DropConnection(string why)
    {
        ZooKeeperConnection? current;
        lock (_lock) current = _connection;
        current?.Close(why);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync();
        ZooKeeperConnection? current;
        lock (_lock) (current, _connection) = (_connection, null);
        if (current is not null) await current.DisposeAsync();
        try
        {
            await _supervisor;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    /// <summary>The state, counting a connection that has just closed as Disconnected before the supervisor has said so. Under the lock.</summary>
    private KeeperState CurrentState() =>
        _state == KeeperState.SyncConnected && _connection is not { Closed.IsCompleted: false } ? KeeperState.Disconnected : _state;

    private void OnWatched(WatcherEvent e) => Watched?.Invoke(e);

    private void SawZxid(long zxid)
    {
        long seen;
        do seen = Interlocked.Read(ref _lastZxid);
        while (zxid > seen && Interlocked.CompareExchange(ref _lastZxid, zxid, seen) != seen);
    }

    private void SetState(KeeperState state, string why)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            if (_state == state) return;
            _state = state;
            (changed, _changed) = (_changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        changed.TrySetResult();
        StateChanged?.Invoke(state, why);
    }

    /// <summary>Waits for each connection to end, then finds the session a new one, until it expires or is closed.</summary>
    private async Task SuperviseAsync(ZooKeeperConnection connection)
    {
        while (!_stop.IsCancellationRequested)
        {
            var why = await connection.Closed;
            if (_stop.IsCancellationRequested) return;
            SetState(KeeperState.Disconnected, why);
            await connection.DisposeAsync();
            var next = await ReconnectAsync();
            if (next is null) return;
            lock (_lock) _connection = next;
            connection = next;
            if (_stop.IsCancellationRequested)
            {
                await next.DisposeAsync();
                return;
            }

            SetState(KeeperState.SyncConnected, $"reconnected to {next.Server}");
        }
    }

    /// <summary>Tries the servers in turn, starting with the one after the last, each given a share of the session timeout.</summary>
    private async Task<ZooKeeperConnection?> ReconnectAsync()
    {
        var share = TimeSpan.FromMilliseconds(Math.Max(250, NegotiatedTimeout.TotalMilliseconds / _servers.Count));
        var round = 0;
        while (!_stop.IsCancellationRequested)
        {
            var server = _servers[_next++ % _servers.Count];
            var hello = new ConnectRequest(0, Interlocked.Read(ref _lastZxid), (int)NegotiatedTimeout.TotalMilliseconds, SessionId, _password, false);
            try
            {
                return await ZooKeeperConnection.OpenAsync(server, hello, share, _newSocket, OnWatched, SawZxid, _stop.Token);
            }
            catch (ZooKeeperException e) when (e.Code == ZooKeeperError.SessionExpired)
            {
                SetState(KeeperState.Expired, $"{server} says the session has expired");
                return null;
            }
            catch (ZooKeeperException)
            {
                // Down, unreachable, or behind the zxid this session has seen: try the next.
            }
            catch (OperationCanceledException)
            {
                return null;
            }

            if (++round % _servers.Count == 0)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(50, 250)), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
            }
        }

        return null;
    }
}
