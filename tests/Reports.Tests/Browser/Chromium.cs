using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Tests;

namespace ElectionJepsen.Reports.Tests.Browser;

/// <summary>
/// Debian's headless Chromium driven over the DevTools protocol (a WebSocket of JSON
/// messages; Playwright's own browser download does not work on these machines): pages are
/// opened in their own targets, and what the console, the runtime and the network report
/// about each is kept for the test to look at.
/// </summary>
internal sealed class Chromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _userData;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly ConcurrentQueue<(string? Session, string Method, JsonObject Params)> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly StringBuilder _stderr = new();
    private Task _reader = Task.CompletedTask;
    private int _nextId;

    private Chromium(Process process, string userData)
    {
        _process = process;
        _userData = userData;
    }

    /// <summary>The browser's executable on this machine, or null.</summary>
    public static string? Find() =>
        new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);

    /// <summary>What the browser tests need: Debian's Chromium.</summary>
    public static Requirement Needed { get; } = new("chromium", "chromium", () => Find() is not null);

    /// <summary>Installs Chromium where it may (<see cref="Packages"/>), or skips the test with the command that does.</summary>
    public static async Task<Chromium> StartAsync()
    {
        await Packages.EnsureAsync(Needed);
        var exe = Find() ?? throw new InvalidOperationException("chromium was installed but is no longer found");
        var userData = Path.Combine(Path.GetTempPath(), "ej-test-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(userData);
        var psi = new ProcessStartInfo(exe) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", $"--user-data-dir={userData}", "--remote-debugging-port=0", "about:blank",
                 })
        {
            psi.ArgumentList.Add(a);
        }

        var chromium = new Chromium(Process.Start(psi)!, userData);
        chromium._process.ErrorDataReceived += (_, e) =>
        {
            lock (chromium._stderr)
            {
                if (e.Data is not null && chromium._stderr.Length < 20_000) chromium._stderr.AppendLine(e.Data);
            }
        };
        chromium._process.BeginErrorReadLine();
        chromium._process.OutputDataReceived += (_, _) => { };
        chromium._process.BeginOutputReadLine();
        try
        {
            await chromium.ConnectAsync();
        }
        catch
        {
            await chromium.DisposeAsync();
            throw;
        }

        return chromium;
    }

    private async Task ConnectAsync()
    {
        // Chromium writes the port it chose and the browser's path into DevToolsActivePort.
        var portFile = Path.Combine(_userData, "DevToolsActivePort");
        var deadline = Stopwatch.StartNew();
        string[] lines = [];
        while (lines.Length < 2)
        {
            if (_process.HasExited) throw new InvalidOperationException($"chromium exited with {_process.ExitCode}: {Stderr()}");
            if (deadline.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"chromium did not open its DevTools port in 60 s: {Stderr()}");
            await Task.Delay(50);
            if (File.Exists(portFile)) lines = (await File.ReadAllTextAsync(portFile)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }

        await _socket.ConnectAsync(new Uri($"ws://127.0.0.1:{lines[0].Trim()}{lines[1].Trim()}"), _stop.Token);
        _reader = Task.Run(ReadAsync);
    }

    private string Stderr()
    {
        lock (_stderr) return _stderr.ToString();
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var r = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (r.MessageType == WebSocketMessageType.Close) break;
                message.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage) continue;
                JsonObject json;
                try
                {
                    json = JsonNode.Parse(message.ToArray())!.AsObject();
                }
                catch (Exception e) when (e is JsonException or InvalidOperationException)
                {
                    continue; // not a message of the protocol; the next one may be
                }
                finally
                {
                    message.SetLength(0);
                }

                if (json["id"] is { } id && _pending.TryRemove(id.GetValue<int>(), out var reply)) reply.TrySetResult(json);
                else if (json["method"]?.GetValue<string>() is { } method) _events.Enqueue((json["sessionId"]?.GetValue<string>(), method, json["params"]?.AsObject() ?? []));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }

        foreach (var p in _pending.Values) p.TrySetException(new InvalidOperationException($"the DevTools connection closed: {Stderr()}"));
    }

    /// <summary>Sends a DevTools command and returns its result; a protocol error throws.</summary>
    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null, string? session = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var request = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        if (session is not null) request["sessionId"] = session;
        await _socket.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, true, _stop.Token);
        var done = await reply.Task.WaitAsync(TimeSpan.FromSeconds(60));
        if (done["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
        return done["result"]?.AsObject() ?? [];
    }

    /// <summary>Opens <paramref name="url"/> in a new page and waits for its load event.</summary>
    public async Task<Page> OpenAsync(string url, bool scripts = true)
    {
        var target = (await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }))["targetId"]!.GetValue<string>();
        var session = (await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target, ["flatten"] = true }))["sessionId"]!.GetValue<string>();
        foreach (var domain in new[] { "Page", "Runtime", "Log", "Network" }) await SendAsync($"{domain}.enable", session: session);
        if (!scripts) await SendAsync("Emulation.setScriptExecutionDisabled", new JsonObject { ["value"] = true }, session);
        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 1300, ["height"] = 1000, ["deviceScaleFactor"] = 1, ["mobile"] = false }, session);
        var page = new Page(this, session);

        // about:blank may fire its own load event after Page.enable: wait for one that comes
        // after this navigation's.
        var before = Events(session).Count(e => e.Method == "Page.loadEventFired");
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url }, session);
        var waited = Stopwatch.StartNew();
        while (Events(session).Count(e => e.Method == "Page.loadEventFired") <= before)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"{url} did not load in 60 s");
            await Task.Delay(25);
        }

        return page;
    }

    public IEnumerable<(string Method, JsonObject Params)> Events(string session) =>
        _events.Where(e => e.Session == session).Select(e => (e.Method, e.Params));

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open) await SendAsync("Browser.close").WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or WebSocketException)
        {
        }

        await _stop.CancelAsync();
        try
        {
            if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }

        await _reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Dispose();
        _process.Dispose();
        _stop.Dispose();
        for (var i = 0; i < 10 && Directory.Exists(_userData); i++)
        {
            try
            {
                Directory.Delete(_userData, recursive: true);
            }
            catch (IOException)
            {
                await Task.Delay(200);
            }
        }
    }
}
