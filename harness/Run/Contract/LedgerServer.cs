using System.Net;
using System.Net.Sockets;
using ElectionJepsen.Harness.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace ElectionJepsen.Harness.Run.Contract;

/// <summary>
/// The ledger over HTTP (docs/candidate.md): listening on <c>127.0.0.1:<see cref="Port"/></c>
/// inside each candidate's host (each listener is made inside that host's namespace, so no
/// partition cuts a candidate off from it), each host's calls served by that host's session.
/// A host whose namespace was made again (a container started again) is listened to anew
/// (<see cref="ListenAgainAsync"/>). Bodies are bounded, bad calls get a one-line reason,
/// and nothing a candidate sends can stop the run.
/// </summary>
public sealed class LedgerServer : IAsyncDisposable
{
    /// <summary>The ledger's port on every candidate host.</summary>
    public const int Port = 7071;

    /// <summary>How many connections one candidate may hold open at once.</summary>
    private const int MaxConnections = 256;

    private readonly Dictionary<string, (WebApplication App, ContractSession Session)> _hosts;
    private readonly SemaphoreSlim _changing = new(1, 1);
    private bool _disposed;

    private LedgerServer(Dictionary<string, (WebApplication App, ContractSession Session)> hosts) => _hosts = hosts;

    /// <summary>The base URL a candidate is given (<c>EJ_LEDGER</c>).</summary>
    public static string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Listens in every candidate's host and starts serving.</summary>
    public static async Task<LedgerServer> StartAsync(IReadOnlyDictionary<string, (NamespaceThread Host, ContractSession Session)> candidates, CancellationToken cancel)
    {
        var server = new LedgerServer(new Dictionary<string, (WebApplication, ContractSession)>(StringComparer.Ordinal));
        try
        {
            foreach (var (node, (host, session)) in candidates) server._hosts[node] = (await ListenAsync(host, session, cancel), session);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Listens in <paramref name="node"/>'s host again, through <paramref name="host"/> (which has
    /// entered the host's new namespace), then stops listening in the old one; when the new
    /// listener cannot be made, the old one stays (and is stopped with the rest).
    /// </summary>
    public async Task ListenAgainAsync(string node, NamespaceThread host, CancellationToken cancel)
    {
        await _changing.WaitAsync(cancel);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var (old, session) = _hosts[node];
            _hosts[node] = (await ListenAsync(host, session, cancel), session);
            await StopAsync(old);
        }
        finally
        {
            _changing.Release();
        }
    }

    /// <summary>A server of one host's calls, its listener made inside the host's namespace.</summary>
    private static async Task<WebApplication> ListenAsync(NamespaceThread host, ContractSession session, CancellationToken cancel)
    {
        var handle = await host.RunAsync(() =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, Port));
            socket.Listen(128);

            // The server gets a descriptor of its own, and closes it when it stops.
            return (ulong)Descriptors.Duplicate(socket.Handle);
        });

        WebApplication app;
        try
        {
            app = Build(handle, session);
        }
        catch
        {
            // Not handed over: closed here.
            new SafeSocketHandle((nint)handle, ownsHandle: true).Dispose();
            throw;
        }

        try
        {
            await app.StartAsync(cancel);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static WebApplication Build(ulong handle, ContractSession session)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = LedgerRequest.MaxBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.Limits.MaxConcurrentConnections = MaxConnections;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            k.ListenHandle(handle, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        app.Run(context => ServeAsync(context, session));
        return app;
    }

    private static async Task ServeAsync(HttpContext context, ContractSession session)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        var answer = await AnswerAsync(context, session, path);
        context.Response.StatusCode = answer.Status;
        if (answer.Body is { } body)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body + "\n", context.RequestAborted);
        }
    }

    private static async Task<LedgerAnswer> AnswerAsync(HttpContext context, ContractSession session, string path)
    {
        if (!LedgerRequest.Paths.Contains(path))
        {
            var reason = $"no such path {Quote(path)}: the ledger serves POST {string.Join(", ", LedgerRequest.Paths)}";
            session.Rejected(path, reason);
            return LedgerAnswer.Bad(reason, 404);
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            var reason = $"{Quote(context.Request.Method)} {path}: the ledger takes POST only";
            session.Rejected(path, reason);
            return LedgerAnswer.Bad(reason, 405);
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            body = buffer.ToArray();
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException e)
        {
            var reason = $"the body is over {LedgerRequest.MaxBodyBytes} bytes or unreadable ({e.Message})";
            session.Rejected(path, reason);
            return LedgerAnswer.Bad(reason, e.StatusCode);
        }

        var request = LedgerRequest.Parse(path, body, out var why);
        switch (request)
        {
            case null:
                session.Rejected(path, why!);
                return LedgerAnswer.Bad(why!);
            case WriteRequest or JobRequest:
                return await session.OfferAsync(request, context.RequestAborted);
            case OpRequest op:
                return await session.OperateAsync(op, context.RequestAborted);
            case EventRequest e:
                return session.Note(e);
            default:
                return LedgerAnswer.Bad($"no such path {Quote(path)}", 404);
        }
    }

    private static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s.Length > 100 ? s[..100] : s);

    public async ValueTask DisposeAsync()
    {
        await _changing.WaitAsync();
        try
        {
            if (_disposed) return;
            _disposed = true;
            await Task.WhenAll(_hosts.Values.Select(h => StopAsync(h.App)));
            _hosts.Clear();
        }
        finally
        {
            _changing.Release();
        }
    }

    private static async Task StopAsync(WebApplication app)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await app.StopAsync(limit.Token);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
