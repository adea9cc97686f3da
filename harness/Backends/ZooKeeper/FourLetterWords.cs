using System.Net.Sockets;
using System.Text;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Backends.ZooKeeper;

/// <summary>ZooKeeper's four-letter commands (srvr, ruok, ...), asked of a server from inside its own host.</summary>
public static class FourLetterWords
{
    /// <summary>The server's answer, or null when it does not answer within the timeout.</summary>
    public static async Task<string?> AskAsync(Host server, int port, string word, TimeSpan timeout, CancellationToken cancel = default)
    {
        var socket = await NetworkNamespace.RunAsync(server.Namespace, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using (socket)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            limit.CancelAfter(timeout);
            try
            {
                await socket.ConnectAsync(server.Address, port, limit.Token);
                await socket.SendAsync(Encoding.ASCII.GetBytes(word), limit.Token);
                var answer = new StringBuilder();
                var buffer = new byte[4096];
                int n;
                while ((n = await socket.ReceiveAsync(buffer, limit.Token)) > 0) answer.Append(Encoding.ASCII.GetString(buffer, 0, n));
                return answer.ToString();
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancel.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    /// <summary>"leader", "follower", "standalone", or null (not serving, or no answer).</summary>
    public static async Task<string?> ModeAsync(Host server, int port, TimeSpan timeout, CancellationToken cancel = default)
    {
        var srvr = await AskAsync(server, port, "srvr", timeout, cancel);
        var line = srvr?.Split('\n').FirstOrDefault(l => l.StartsWith("Mode:", StringComparison.Ordinal));
        return line?["Mode:".Length..].Trim();
    }
}
