using System.Net;
using System.Net.Sockets;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Run.Contract;

/// <summary>The outcome of one status question: the answer, or why there is none.</summary>
public readonly record struct StatusResult(StatusAnswer? Answer, string? Why);

/// <summary>
/// Asks one candidate whether it leads: <c>GET</c> of its status path on its status port,
/// through the loopback of its own host (the sockets are made inside the host's namespace,
/// so no partition cuts the question off). No answer within the timeout, a status other than
/// 200, a body over <see cref="StatusAnswer.MaxBytes"/> or one it cannot read: no answer, with
/// the reason. Connections are kept between questions when the candidate allows it.
/// </summary>
public sealed class StatusClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _uri;
    private readonly TimeSpan _timeout;

    public StatusClient(NamespaceThread host, int port, string path, TimeSpan timeout)
    {
        _timeout = timeout;
        _uri = new Uri($"http://127.0.0.1:{port}{path}");
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = 2,
            MaxResponseHeadersLength = 64,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(10),
            ConnectTimeout = timeout,
            ConnectCallback = async (context, cancel) =>
            {
                var socket = await host.RunAsync(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancel);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public Uri Uri => _uri;

    /// <summary>Asks once; <paramref name="cancel"/> (the run ending) is thrown, everything else is a reason.</summary>
    public async Task<StatusResult> AskAsync(CancellationToken cancel)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(_timeout);
        try
        {
            using var response = await _http.GetAsync(_uri, HttpCompletionOption.ResponseHeadersRead, limit.Token);
            if (response.StatusCode != HttpStatusCode.OK) return new(null, $"status {(int)response.StatusCode}");
            if (response.Content.Headers.ContentLength > StatusAnswer.MaxBytes) return new(null, $"an answer of {response.Content.Headers.ContentLength} bytes (at most {StatusAnswer.MaxBytes} are read)");
            var body = await ReadBoundedAsync(await response.Content.ReadAsStreamAsync(limit.Token), limit.Token);
            if (body is null) return new(null, $"an answer of over {StatusAnswer.MaxBytes} bytes");
            var answer = StatusAnswer.Parse(body, out var why);
            return new(answer, why);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return new(null, "timeout");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException)
        {
            return new(null, Reason(e));
        }
    }

    private static async Task<byte[]?> ReadBoundedAsync(Stream stream, CancellationToken cancel)
    {
        var buffer = new byte[StatusAnswer.MaxBytes + 1];
        var used = 0;
        int n;
        while (used < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(used), cancel)) > 0) used += n;
        return used > StatusAnswer.MaxBytes ? null : buffer[..used];
    }

    private static string Reason(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is SocketException s) return s.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : s.Message;
        }

        return e.Message;
    }

    public void Dispose() => _http.Dispose();
}
