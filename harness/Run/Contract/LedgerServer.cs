using System.Net;
using System.Net.Sockets;
using ElectionJepsen.Harness.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace ElectionJepsen.Harness.Run.Contract;

/// <summary>
/// The ledger over HTTP (docs/candidate.md): one server for the run, listening on
/// <c>127.0.0.1:<see cref="Port"/></c> inside each candidate's host (each listener is made
/// inside that host's namespace, so no partition cuts a candidate off from it), and each
/// call served by the session of the host it came in on. Bodies are bounded, bad calls get
/// a one-line reason, and nothing a candidate sends can stop the run.
/// </summary>
public sealed class LedgerServer : IAsyncDisposable
{
    /// <summary>The ledger's port on every candidate host.</summary>
    public const int Port = 7071;

    private const string NodeItem = "electionjepsen.node";
    private readonly WebApplication _app;

    private LedgerServer(WebApplication app) => _app = app;

    /// <summary>The base URL a candidate is given (<c>EJ_LEDGER</c>).</summary>
    public static string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Listens in every candidate's host and starts serving.</summary>
    public static async Task<LedgerServer> StartAsync(IReadOnlyDictionary<string, (NamespaceThread Host, ContractSession Session)> candidates, CancellationToken cancel)
    {
        var handles = new List<(string Node, ulong Handle)>();
        foreach (var (node, (host, _)) in candidates)
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
            handles.Add((node, handle));
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = LedgerRequest.MaxBodyBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.Limits.MaxConcurrentConnections = 256L * candidates.Count;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
            foreach (var (node, handle) in handles)
            {
                k.ListenHandle(handle, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1;
                    listen.Use(next => connection =>
                    {
                        connection.Items[NodeItem] = node;
                        return next(connection);
                    });
                });
            }
        });
        var app = builder.Build();
        var sessions = candidates.ToDictionary(c => c.Key, c => c.Value.Session);
        app.Run(context => ServeAsync(context, sessions));
        await app.StartAsync(cancel);
        return new LedgerServer(app);
    }

    private static async Task ServeAsync(HttpContext context, IReadOnlyDictionary<string, ContractSession> sessions)
    {
        var items = context.Features.Get<IConnectionItemsFeature>()?.Items;
        if (items?[NodeItem] is not string node || !sessions.TryGetValue(node, out var session))
        {
            context.Response.StatusCode = 500;
            return;
        }

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
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _app.StopAsync(limit.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
