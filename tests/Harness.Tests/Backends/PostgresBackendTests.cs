using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Backends.Postgres;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.TestSupport;
using Npgsql;

namespace ElectionJepsen.Harness.Tests.Backends;

/// <summary>A real PostgreSQL server on a host of its own, started, paused, killed and removed as a run does it.</summary>
[Collection(NamespacesCollection.Name)]
public sealed class PostgresBackendTests : IAsyncLifetime
{
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(2);
    private readonly TempDir _run = new();
    private readonly PostgresBackend _backend = PostgresBackend.Default;
    private LocalNetwork _net = null!;
    private ServerContext _context = null!;
    private HostProcess _server = null!;
    private bool _removed;

    public async Task InitializeAsync()
    {
        await Packages.EnsureAsync([.. Prerequisites.Network, .. _backend.Needs]);
        _net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), ["s1", "c1"]);
        _context = new ServerContext(_net.RunId, _run.Path, Ttl);
        _server = (await _backend.StartAsync([_net["s1"]], _context, CancellationToken.None)).Single().Process;
    }

    public async Task DisposeAsync()
    {
        if (_net is null || _removed)
        {
            _run.Dispose(); // skipped, or removed by the test itself
            return;
        }

        if (_server is not null) await _server.DisposeAsync();
        await _backend.FinishAsync(_context, CancellationToken.None);
        await _net.DisposeAsync();
        _run.Dispose();
    }

    [SkippableFact]
    public async Task The_server_serves_is_paused_and_killed_whole_and_leaves_nothing()
    {
        Assert.StartsWith("postgres (PostgreSQL) ", await _backend.VersionAsync(), StringComparison.Ordinal);
        Assert.Equal("1", await SqlAsync("c1", "SELECT 1"));
        Assert.True(File.Exists(_server.LogPath));
        await using var held = await OpenAsync();
        Assert.Contains(held.ProcessID, Signals.Descendants(_server.Pid));

        // Paused: the postmaster and every session's process, so nobody is served.
        _server.Pause();
        Assert.All(Signals.Descendants(_server.Pid).Prepend(_server.Pid), pid => Assert.Equal('T', SignalsTreeTests.StateSoon(pid, s => s == 'T')));
        Assert.Null(await SqlAsync("c1", "SELECT 1"));
        await Assert.ThrowsAsync<TimeoutException>(() => ScalarAsync(held, "SELECT 1").WaitAsync(TimeSpan.FromSeconds(1)));
        _server.Resume();
        Assert.Equal("1", await SqlAsync("c1", "SELECT 1"));

        // Killed: no session's process outlives the postmaster; started again, it serves.
        var tree = Signals.Descendants(_server.Pid).Prepend(_server.Pid).ToList();
        await _server.KillAsync();
        await Task.Delay(200);
        Assert.All(tree, pid => Assert.False(Signals.IsRunning(pid), $"{pid} outlived the kill"));
        await _server.StartAsync();
        await _server.WaitUntilAsync("serve again", async () => await SqlAsync("c1", "SELECT 1") == "1", TimeSpan.FromSeconds(30));

        // Removed: its processes, its data, its hosts.
        tree = [.. Signals.Descendants(_server.Pid).Prepend(_server.Pid)];
        await _server.DisposeAsync();
        Assert.NotNull(await _backend.FinishAsync(_context, CancellationToken.None));
        await _net.DisposeAsync();
        _removed = true;
        Assert.All(tree, pid => Assert.False(Signals.IsRunning(pid), $"{pid} outlived the run"));
        Assert.False(Directory.Exists(PostgresBackend.ScratchOf(_net.RunId, "s1")));
        Assert.Empty((await HarnessRun.HostsOfAsync(_net.RunId)).Namespaces);
    }

    /// <summary>A client cut off by a partition stops answering keepalives: the server drops its session, and the lock it held, at about the TTL.</summary>
    [SkippableFact]
    public async Task A_session_cut_off_by_a_partition_is_dropped_with_its_lock_at_about_the_ttl()
    {
        await using var held = await OpenAsync();
        Assert.Equal(true, await ScalarAsync(held, "SELECT pg_try_advisory_lock(7)"));
        Assert.Equal("1", await SqlAsync("s1", "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"));

        var (s1, c1) = (_net["s1"], _net["c1"]);
        await Exec.CheckedAsync("ip", ["netns", "exec", s1.Namespace, "iptables", "-A", "INPUT", "-s", c1.Address.ToString(), "-j", "DROP"]);
        await Exec.CheckedAsync("ip", ["netns", "exec", s1.Namespace, "iptables", "-A", "OUTPUT", "-d", c1.Address.ToString(), "-j", "DROP"]);
        var cut = DateTime.UtcNow;
        while (await SqlAsync("s1", "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") != "0" && DateTime.UtcNow - cut < TimeSpan.FromSeconds(15)) await Task.Delay(100);
        var dropped = DateTime.UtcNow - cut;

        Assert.InRange(dropped.TotalSeconds, Ttl.TotalSeconds * 0.5, Ttl.TotalSeconds + 2);
        Assert.Contains("could not receive data from client", await File.ReadAllTextAsync(_server.LogPath), StringComparison.Ordinal);
    }

    /// <summary>psql on a host, one statement; null when the server did not answer within a second or two.</summary>
    private async Task<string?> SqlAsync(string from, string sql)
    {
        var install = PostgresInstall.Find()!;
        var r = await Exec.RunAsync("timeout", ["2", "ip", "netns", "exec", _net[from].Namespace, install.Program("psql"), "-h", _net["s1"].Address.ToString(), "-U", PostgresBackend.User, "-d", "postgres", "-Atc", sql],
            timeout: TimeSpan.FromSeconds(5));
        return r.Ok ? r.Out.Trim() : null;
    }

    /// <summary>A session from c1, its socket made inside c1's namespace.</summary>
    private Task<NpgsqlConnection> OpenAsync() => NetworkNamespace.RunAsync(_net["c1"].Namespace, () =>
    {
        var connection = new NpgsqlConnection($"Host={_net["s1"].Address};Port={PostgresBackend.Port};Username={PostgresBackend.User};Database=postgres;Pooling=false");
        connection.Open();
        return connection;
    });

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
