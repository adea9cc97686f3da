using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ElectionJepsen.Workloads.Contract;

/// <summary>
/// The status endpoint of the contract (docs/candidate.md): <c>GET /leader</c> on the given
/// port, on every address, answering 200 <c>{"leader": true, "token": 7}</c> or
/// <c>{"leader": false}</c> from the candidate's belief, the same belief the control socket's
/// claims are answered from. Kestrel answers on its own threads, so a candidate busy
/// campaigning still answers at once.
/// </summary>
public sealed class StatusEndpoint : IAsyncDisposable
{
    public const string Path = "/leader";

    private readonly WebApplication _app;

    private StatusEndpoint(WebApplication app) => _app = app;

    /// <summary>The body that answers a status question.</summary>
    public static string Body((bool Leader, long Token) belief) =>
        belief.Leader ? string.Create(CultureInfo.InvariantCulture, $"{{\"leader\": true, \"token\": {belief.Token}}}") : "{\"leader\": false}";

    /// <summary>Listens on <paramref name="port"/> and starts answering.</summary>
    public static async Task<StatusEndpoint> StartAsync(int port, Func<(bool Leader, long Token)> belief, CancellationToken cancel)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();

        // The candidate handles SIGTERM itself (it resigns first): the host listens to no signal.
        builder.Services.AddSingleton<IHostLifetime, Unattended>();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.ListenAnyIP(port, listen => listen.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        app.MapGet(Path, (HttpContext context) =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(Body(belief()), context.RequestAborted);
        });
        await app.StartAsync(cancel);
        return new StatusEndpoint(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private sealed class Unattended : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
