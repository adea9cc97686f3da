using System.Net.Sockets;
using System.Text;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Runtime;

/// <summary>A real redis-server on a real host: start, readiness, pause, kill, restart, stop.</summary>
[Collection(NamespacesCollection.Name)]
public sealed class HostProcessTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private LocalNetwork _net = null!;
    private HostProcess _redis = null!;

    public async Task InitializeAsync()
    {
        await Packages.EnsureAsync([.. Prerequisites.Network, Prerequisites.Redis]);
        _net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), ["s1", "c1"]);
        var s1 = _net["s1"];
        _redis = new HostProcess(s1, _net.RunId, "redis", "redis-server",
            ["--port", "6379", "--bind", s1.Address.ToString(), "--save", "", "--appendonly", "no", "--protected-mode", "no", "--dir", _dir.Path],
            _dir.Path);
        await _redis.StartAsync();
        await _redis.WaitForPortAsync(6379, TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        if (_net is null)
        {
            _dir.Dispose(); // skipped: nothing else was made
            return;
        }

        await _redis.DisposeAsync();
        await _net.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>PING from c1; null when no answer comes within the timeout.</summary>
    private async Task<string?> PingAsync(TimeSpan timeout)
    {
        var socket = await NetworkNamespace.RunAsync(_net["c1"].Namespace, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using (socket)
        {
            using var limit = new CancellationTokenSource(timeout);
            try
            {
                await socket.ConnectAsync(_net["s1"].Address, 6379, limit.Token);
                await socket.SendAsync("PING\r\n"u8.ToArray(), limit.Token);
                var buffer = new byte[64];
                var n = await socket.ReceiveAsync(buffer, limit.Token);
                return Encoding.ASCII.GetString(buffer, 0, n).Trim();
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                return null;
            }
        }
    }

    [SkippableFact]
    public async Task Started_server_serves_and_logs_to_its_node_file()
    {
        Assert.Equal("+PONG", await PingAsync(TimeSpan.FromSeconds(2)));
        Assert.Equal(Path.Combine(_dir.Path, "nodes", "s1", "redis.log"), _redis.LogPath);
        Assert.Contains("Ready to accept connections", await File.ReadAllTextAsync(_redis.LogPath), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Paused_server_does_not_answer_and_resumed_server_does()
    {
        _redis.Pause();
        Assert.Null(await PingAsync(TimeSpan.FromMilliseconds(500)));
        _redis.Resume();
        Assert.Equal("+PONG", await PingAsync(TimeSpan.FromSeconds(2)));
    }

    [SkippableFact]
    public async Task Killed_and_restarted_server_has_a_new_pid_and_serves()
    {
        var before = _redis.Pid;
        await _redis.KillAsync();
        Assert.False(Signals.IsRunning(before));
        Assert.Null(await PingAsync(TimeSpan.FromMilliseconds(300)));
        await _redis.RestartAsync();
        await _redis.WaitForPortAsync(6379, TimeSpan.FromSeconds(10));
        Assert.NotEqual(before, _redis.Pid);
        Assert.Equal("+PONG", await PingAsync(TimeSpan.FromSeconds(2)));
        Assert.Equal(2, _redis.Starts);
    }

    [SkippableFact]
    public async Task Stop_ends_it_with_sigterm()
    {
        var pid = _redis.Pid;
        await _redis.StopAsync(TimeSpan.FromSeconds(5));
        Assert.False(Signals.IsRunning(pid));
        Assert.Contains("SIGTERM", await File.ReadAllTextAsync(_redis.LogPath), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Waiting_for_a_process_that_never_gets_ready_names_its_log()
    {
        await using var sleeper = new HostProcess(_net["c1"], _net.RunId, "sleeper", "sleep", ["30"], _dir.Path);
        await sleeper.StartAsync();
        Assert.Contains($"EJ_RUN_ID={_net.RunId}", await File.ReadAllTextAsync($"/proc/{sleeper.Pid}/environ"), StringComparison.Ordinal);
        var e = await Assert.ThrowsAsync<NotReadyException>(() => sleeper.WaitForPortAsync(9999, TimeSpan.FromMilliseconds(300)));
        Assert.Contains("did not listen on port 9999 within 0.3 s", e.Message, StringComparison.Ordinal);
        Assert.Contains(sleeper.LogPath, e.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_process_that_dies_before_ready_says_so()
    {
        await using var failing = new HostProcess(_net["c1"], _net.RunId, "failing", "redis-server", ["--port", "not-a-port"], _dir.Path);
        await failing.StartAsync();
        var e = await Assert.ThrowsAsync<NotReadyException>(() => failing.WaitForLogAsync("Ready to accept", TimeSpan.FromSeconds(10)));
        Assert.Contains("exited (code 1)", e.Message, StringComparison.Ordinal);
    }
}
