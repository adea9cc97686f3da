using System.Globalization;
using System.Net.Sockets;
using System.Text;
using ElectionJepsen.Harness.Backends.Redis;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Runtime;

/// <summary>Real libfaketime on real processes: the wall clock moves, the monotonic clock does not.</summary>
[Collection(NamespacesCollection.Name)]
public sealed class FakeClockTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private LocalNetwork _net = null!;

    public async Task InitializeAsync()
    {
        await Packages.EnsureAsync([.. Prerequisites.Network, .. RedisBackend.Single.Needs]);
        _net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), ["s1", "c1"]);
    }

    public async Task DisposeAsync()
    {
        if (_net is not null) await _net.DisposeAsync();
        _dir.Dispose();
    }

    private static List<(long Utc, long Mono)> Samples(HostProcess p) =>
        [.. File.ReadAllLines(p.LogPath).Where(l => l.Length > 0 && char.IsDigit(l[0]))
            .Select(l => l.Split(' ')).Select(f => (long.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture)))];

    private static async Task WaitForSamples(HostProcess p, int count)
    {
        await p.WaitUntilAsync($"print {count} samples", () => Task.FromResult(Samples(p).Count >= count), TimeSpan.FromSeconds(20));
    }

    [SkippableFact]
    public async Task An_offset_moves_a_dotnet_programs_wall_clock_while_its_stopwatch_runs_on()
    {
        var clock = FakeClock.WithOffset(Path.Combine(_dir.Path, "clocks", "c1-probe"));
        var probe = typeof(FakeClockTests).Assembly.Location.Replace("ElectionJepsen.Harness.Tests.dll", "ElectionJepsen.ClockProbe.dll", StringComparison.Ordinal);
        await using var p = new HostProcess(_net["c1"], _net.RunId, "probe", "dotnet", [probe], _dir.Path, clock.Environment());
        await p.StartAsync();
        await WaitForSamples(p, 5);
        clock.SetOffset(TimeSpan.FromSeconds(60));
        var before = Samples(p).Count;
        await WaitForSamples(p, before + 5);
        clock.SetOffset(TimeSpan.FromSeconds(-10));
        await WaitForSamples(p, Samples(p).Count + 5);

        var samples = Samples(p);
        var utcSteps = samples.Zip(samples.Skip(1), (a, b) => b.Utc - a.Utc).ToList();
        var monoSteps = samples.Zip(samples.Skip(1), (a, b) => b.Mono - a.Mono).ToList();
        Assert.Contains(utcSteps, s => s is > 59_000 and < 61_500);
        Assert.Contains(utcSteps, s => s is < -69_000 and > -71_500);
        Assert.All(monoSteps, s => Assert.InRange(s, 50, 2_000));
        Assert.InRange(samples[^1].Utc - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), -12_000, -8_000);
    }

    [SkippableFact]
    public async Task Redis_time_moves_by_the_offset()
    {
        var shim = await PreloadShim.Malloc.PathAsync();
        var clock = FakeClock.WithOffset(Path.Combine(_dir.Path, "clocks", "s1-redis"), shim);
        var s1 = _net["s1"];
        await using var redis = new HostProcess(s1, _net.RunId, "redis", "redis-server",
            ["--port", "6379", "--bind", s1.Address.ToString(), "--save", "", "--appendonly", "no", "--protected-mode", "no", "--dir", _dir.Path],
            _dir.Path, clock.Environment());
        await redis.StartAsync();
        await redis.WaitForPortAsync(6379, TimeSpan.FromSeconds(10));

        Assert.InRange(await RedisTimeAsync() - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), -2, 2);
        clock.SetOffset(TimeSpan.FromHours(1));
        Assert.InRange(await RedisTimeAsync() - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 3598, 3602);
        clock.SetOffset(TimeSpan.Zero);
        Assert.InRange(await RedisTimeAsync() - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), -2, 2);
    }

    /// <summary>
    /// Python's time.sleep is an absolute sleep on the monotonic clock, which libfaketime breaks
    /// (EINVAL) when it leaves that clock alone: with the shim preloaded first, a Python
    /// program sleeps as it should while its wall clock jumps forward and back.
    /// </summary>
    [SkippableFact]
    public async Task A_python_program_sleeps_as_it_should_while_its_wall_clock_moves()
    {
        var shim = await PreloadShim.MonotonicSleep.PathAsync();
        var clock = FakeClock.WithOffset(Path.Combine(_dir.Path, "clocks", "c1-python"), shim);
        const string Program = "import time\nfor i in range(24):\n    t = time.monotonic(); time.sleep(0.1)\n    print(round((time.monotonic() - t) * 1000), round(time.time() * 1000), flush=True)\n";
        await using var p = new HostProcess(_net["c1"], _net.RunId, "python", "/usr/bin/python3", ["-c", Program], _dir.Path, clock.Environment());
        await p.StartAsync();
        await Task.Delay(600);
        clock.SetOffset(TimeSpan.FromSeconds(60));
        await Task.Delay(600);
        clock.SetOffset(TimeSpan.FromSeconds(-30));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (p.IsRunning && DateTime.UtcNow < deadline) await Task.Delay(100);

        var lines = p.SinceStart().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => char.IsDigit(l[0])).Select(l => l.Split(' ').Select(long.Parse).ToArray()).ToList();
        Assert.True(lines.Count == 24, p.SinceStart());
        Assert.All(lines, l => Assert.InRange(l[0], 90, 1_000));
        var steps = lines.Zip(lines.Skip(1), (a, b) => b[1] - a[1]).ToList();
        Assert.Contains(steps, s => s > 55_000);
        Assert.Contains(steps, s => s < -85_000);
    }

    [SkippableFact]
    public async Task A_rate_clock_runs_a_dotnet_programs_clocks_twice_as_fast()
    {
        var clock = FakeClock.WithRate(2);
        var probe = typeof(FakeClockTests).Assembly.Location.Replace("ElectionJepsen.Harness.Tests.dll", "ElectionJepsen.ClockProbe.dll", StringComparison.Ordinal);
        await using var p = new HostProcess(_net["c1"], _net.RunId, "probe-rate", "dotnet", [probe], _dir.Path, clock.Environment());
        await p.StartAsync();
        await WaitForSamples(p, 3);
        var real = System.Diagnostics.Stopwatch.StartNew();
        var first = Samples(p)[^1];
        await Task.Delay(TimeSpan.FromSeconds(3));
        var last = Samples(p)[^1];
        var realMs = real.ElapsedMilliseconds;

        // Both its wall clock and its stopwatch advance about twice as fast as real time.
        Assert.InRange((last.Utc - first.Utc) / (double)realMs, 1.6, 2.4);
        Assert.InRange((last.Mono - first.Mono) / (double)realMs, 1.6, 2.4);
    }

    [SkippableFact]
    public void A_rate_clock_cannot_be_bumped()
    {
        var clock = FakeClock.WithRate(2);
        Assert.Equal("+0 x2", clock.Environment()["FAKETIME"]);
        Assert.Throws<InvalidOperationException>(() => clock.SetOffset(TimeSpan.FromSeconds(1)));
    }

    /// <summary>Redis's TIME, in Unix seconds, asked from c1.</summary>
    private async Task<long> RedisTimeAsync()
    {
        var socket = await NetworkNamespace.RunAsync(_net["c1"].Namespace, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using (socket)
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await socket.ConnectAsync(_net["s1"].Address, 6379, limit.Token);
            await socket.SendAsync("TIME\r\n"u8.ToArray(), limit.Token);
            var buffer = new byte[128];
            var n = await socket.ReceiveAsync(buffer, limit.Token);

            // *2\r\n$10\r\n1700000000\r\n$6\r\n123456\r\n
            var lines = Encoding.ASCII.GetString(buffer, 0, n).Split("\r\n");
            return long.Parse(lines[2], CultureInfo.InvariantCulture);
        }
    }
}
