using System.Net;
using System.Net.Sockets;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>TCP checks made from inside a host's network namespace.</summary>
public static class Probe
{
    /// <summary>True when a TCP connection from <paramref name="from"/> to the address and port is accepted within the timeout.</summary>
    public static async Task<bool> CanConnectAsync(Host from, IPAddress address, int port, TimeSpan timeout)
    {
        var socket = await NetworkNamespace.RunAsync(from.Namespace, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using (socket)
        {
            using var limit = new CancellationTokenSource(timeout);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), limit.Token);
                return true;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                return false;
            }
        }
    }

    /// <summary>A listening socket on the host's address (connections complete in the kernel's backlog; nobody accepts).</summary>
    public static Task<Socket> ListenAsync(Host host, int port) => NetworkNamespace.RunAsync(host.Namespace, () =>
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(host.Address, port));
        s.Listen(512);
        return s;
    });
}
