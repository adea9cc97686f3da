using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using ElectionJepsen.Workloads.Candidate;

namespace ElectionJepsen.Workloads.Tests.Contract;

/// <summary>Our candidate, built next to the tests, started as its own process with the given environment only (no control socket).</summary>
public sealed class CandidateProcess : IDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(1) };
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _errors = new();

    public CandidateProcess(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "ElectionJepsen.Candidate.dll"));
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("EJ_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(name);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data is { } line) _output.Enqueue(line); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) _errors.Enqueue(line); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> Output => [.. _output];

    public IReadOnlyList<string> Errors => [.. _errors];

    /// <summary>A port nobody listens on now.</summary>
    public static int SparePort()
    {
        using var probe = new TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        return ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The contract's environment for a candidate on one Redis server.</summary>
    public static Dictionary<string, string> Environment(string node, int redisPort, int statusPort, string? ledger)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [CandidateEnvironment.Node] = node,
            [CandidateEnvironment.Backend] = "redis",
            [CandidateEnvironment.Servers] = $"127.0.0.1:{redisPort}",
            [CandidateEnvironment.TtlMs] = "2000",
            [CandidateEnvironment.JobIntervalMs] = "500",
            [CandidateEnvironment.StatusPort] = statusPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (ledger is not null) environment[CandidateEnvironment.Ledger] = ledger;
        return environment;
    }

    /// <summary>Asks the status endpoint until <paramref name="wanted"/> holds of its answer (leader, token), or <paramref name="within"/> passed: the last answer.</summary>
    public static async Task<(bool Leader, long? Token)?> StatusAsync(int port, Func<(bool Leader, long? Token), bool> wanted, TimeSpan within)
    {
        var until = Stopwatch.StartNew();
        (bool, long?)? last = null;
        while (until.Elapsed < within)
        {
            try
            {
                using var answer = JsonDocument.Parse(await Http.GetStringAsync($"http://127.0.0.1:{port}/leader"));
                var root = answer.RootElement;
                var status = (root.GetProperty("leader").GetBoolean(), root.TryGetProperty("token", out var t) ? t.GetInt64() : (long?)null);
                last = status;
                if (wanted(status)) return status;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        return last;
    }

    /// <summary>Sends SIGTERM and waits for the exit: its exit code.</summary>
    public async Task<int> TerminateAsync(TimeSpan within)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) } })!)
        {
            await kill.WaitForExitAsync();
        }

        return await ExitCodeAsync(within);
    }

    public async Task<int> ExitCodeAsync(TimeSpan within)
    {
        using var limit = new CancellationTokenSource(within);
        await _process.WaitForExitAsync(limit.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
    }
}
