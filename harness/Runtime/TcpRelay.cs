using System.Net;
using System.Net.Sockets;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>
/// A TCP relay from a host of the run to a server outside it: it listens on the host's own
/// address, inside the host's namespace, and opens each onward connection from the root
/// namespace, where the harness runs. Bytes pass through untouched (TLS included), so the
/// hosts reach an outside server by its own address while the root namespace needs no
/// route, forwarding or NAT; faults on the relay's host cut the hosts from that server.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly Lock _lock = new();
    private readonly HashSet<Socket> _open = [];
    private readonly HashSet<Task> _relays = [];
    private bool _disposed;
    private int _connections;

    private TcpRelay(Socket listener, IPEndPoint target)
    {
        _listener = listener;
        _target = target;
        _accepting = AcceptAsync();
    }

    /// <summary>How many connections it has relayed.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Listens on <paramref name="host"/>'s address and <paramref name="target"/>'s port.</summary>
    public static async Task<TcpRelay> StartAsync(Host host, IPEndPoint target)
    {
        var listener = await NetworkNamespace.RunAsync(host.Namespace, () =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(host.Address, target.Port));
                socket.Listen(64);
                return socket;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        });
        return new TcpRelay(listener, target);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket inside;
            try
            {
                inside = await _listener.AcceptAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            var relay = RelayAsync(inside);
            lock (_lock) _relays.Add(relay);
            _ = relay.ContinueWith(t => { lock (_lock) _relays.Remove(t); }, TaskScheduler.Default);
        }
    }

    private async Task RelayAsync(Socket inside)
    {
        using var outside = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using (inside)
        {
            if (!Track(inside) || !Track(outside)) return;
            try
            {
                // Small TLS records go at once; a connection a partition cut is found dead and closed.
                foreach (var s in new[] { inside, outside })
                {
                    s.NoDelay = true;
                    s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    s.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 5);
                    s.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 2);
                    s.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
                }

                await outside.ConnectAsync(_target, _stop.Token);
                await Task.WhenAll(PumpAsync(inside, outside), PumpAsync(outside, inside));
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
            finally
            {
                Forget(inside);
                Forget(outside);
            }
        }
    }

    /// <summary>Copies one direction; an end of stream is passed on, an error closes both directions.</summary>
    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var n = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (n == 0) break;
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _stop.Token);
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            from.Dispose();
            to.Dispose();
        }
    }

    private bool Track(Socket socket)
    {
        lock (_lock)
        {
            if (_stop.IsCancellationRequested) return false;
            _open.Add(socket);
            return true;
        }
    }

    private void Forget(Socket socket)
    {
        lock (_lock) _open.Remove(socket);
    }

    public async ValueTask DisposeAsync()
    {
        List<Socket> open;
        List<Task> relays;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            _stop.Cancel();
            open = [.. _open];
        }

        _listener.Dispose();
        foreach (var s in open) s.Dispose();
        await _accepting;
        lock (_lock) relays = [.. _relays];
        await Task.WhenAll(relays);
        _stop.Dispose();
    }
}
