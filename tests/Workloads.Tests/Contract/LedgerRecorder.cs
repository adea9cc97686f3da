using System.Net;
using System.Text;
using System.Text.Json;

namespace ElectionJepsen.Workloads.Tests.Contract;

/// <summary>A ledger that accepts every call and records it, in the order it arrived: path and body.</summary>
public sealed class LedgerRecorder : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string Path, JsonElement Body)> _calls = [];
    private readonly Task _serving;

    public LedgerRecorder(int port)
    {
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Url + "/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Url { get; }

    public IReadOnlyList<(string Path, JsonElement Body)> Calls
    {
        get
        {
            lock (_calls) return [.. _calls];
        }
    }

    public void Dispose()
    {
        _listener.Close();
        _ = _serving.Exception;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            _ = AnswerAsync(context);
        }
    }

    /// <summary>Records the call and answers it; one whose body was cut off (the candidate gave it up) is dropped.</summary>
    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            using var body = JsonDocument.Parse(await reader.ReadToEndAsync());
            var path = context.Request.Url!.AbsolutePath;
            lock (_calls) _calls.Add((path, body.RootElement.Clone()));
            context.Response.StatusCode = path == "/event" ? 204 : 200;
            if (path != "/event") await context.Response.OutputStream.WriteAsync("{\"ok\": true}"u8.ToArray());
            context.Response.Close();
        }
        catch (Exception e) when (e is HttpListenerException or IOException or JsonException or ObjectDisposedException)
        {
            context.Response.Abort();
        }
    }
}
