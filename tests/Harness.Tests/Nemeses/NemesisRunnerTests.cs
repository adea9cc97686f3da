using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Backends.Redis;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Nemeses.Clock;
using ElectionJepsen.Harness.Nemeses.Delay;
using ElectionJepsen.Harness.Nemeses.Delay.Nfqueue;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.TestSupport;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Harness.Tests.Nemeses;

/// <summary>Every nemesis against a real cluster (a redis server, two candidates), recorded, then healed.</summary>
[Collection(NamespacesCollection.Name)]
public sealed class NemesisRunnerTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private LocalNetwork _net = null!;
    private Cluster _cluster = null!;

    public async Task InitializeAsync()
    {
        await Packages.EnsureAsync([.. Prerequisites.Network, .. RedisBackend.Single.Needs, NfqueueDelay.Library]);
        _net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), ["s1", "c1", "c2"]);
        var s1 = _net["s1"];
        var shim = await PreloadShim.Malloc.PathAsync();
        var redisClock = FakeClock.WithOffset(Path.Combine(_dir.Path, "clocks", "s1"), shim);
        var redis = new HostProcess(s1, _net.RunId, "redis", "redis-server",
            ["--port", "6379", "--bind", s1.Address.ToString(), "--save", "", "--appendonly", "no", "--protected-mode", "no", "--dir", _dir.Path],
            _dir.Path, redisClock.Environment());
        var nodes = new List<ClusterNode> { new(redis, NodeRole.Server, redisClock) };
        foreach (var c in new[] { "c1", "c2" })
        {
            var clock = FakeClock.WithOffset(Path.Combine(_dir.Path, "clocks", c));
            nodes.Add(new ClusterNode(new HostProcess(_net[c], _net.RunId, "candidate", "sleep", ["600"], _dir.Path, clock.Environment()), NodeRole.Candidate, clock));
        }

        foreach (var n in nodes) await n.Process.StartAsync();
        await redis.WaitForPortAsync(6379, TimeSpan.FromSeconds(10));
        _cluster = new Cluster(_net, nodes, candidateLeader: () => "c1") { RunDirectory = _dir.Path };
    }

    public async Task DisposeAsync()
    {
        if (_net is null)
        {
            _dir.Dispose(); // skipped: nothing else was made
            return;
        }

        foreach (var n in _cluster?.Nodes ?? []) await n.Process.DisposeAsync();
        await _net.DisposeAsync();
        _dir.Dispose();
    }

    [SkippableFact]
    public async Task Every_fault_is_recorded_and_the_final_heal_leaves_nothing_in_force()
    {
        var path = Path.Combine(_dir.Path, "history.jsonl");
        var nemeses = NemesisFactory.Create(NemesisNames.Faults, new NemesisOptions(TimeSpan.FromSeconds(30)));

        // Each fault once, without its heal step: the final heal must undo them all.
        var faults = NemesisNames.Faults.Select((name, i) => new NemesisStep(i, TimeSpan.Zero, name, true, 100 + i)).ToList();
        using (var history = new HistoryWriter(path))
        {
            await new NemesisRunner(_cluster, nemeses, history).RunAsync(faults, CancellationToken.None);
        }

        var h = HistoryT.Load(path);
        var ops = h.Operations;
        Assert.All(ops, o => Assert.Equal("nemesis", h.ProcessName(o.Process)));
        Assert.Equal(["start-partition", "pause", "kill", "bump-clock", "start-loss", "start-delay", "heal"], ops.Select(o => o.F));
        Assert.All(ops, o => Assert.Equal(Outcome.Ok, o.Outcome));
        Assert.Contains("\"grudge\"", ops[0].Output.Json, StringComparison.Ordinal);
        Assert.Contains("\"pid\"", ops[2].Output.Json, StringComparison.Ordinal);

        foreach (var host in _net.Hosts)
        {
            var rules = await Exec.CheckedAsync("ip", ["netns", "exec", host.Namespace, "iptables", "-S"]);
            Assert.DoesNotContain("DROP", rules, StringComparison.Ordinal);
            Assert.DoesNotContain("NFQUEUE", rules, StringComparison.Ordinal);
        }

        Assert.DoesNotContain($"{_net.RunId}", await Exec.CheckedAsync("sh", ["-c", "ps -eo args | grep ' delayer ' | grep -v grep || true"]), StringComparison.Ordinal);
        foreach (var n in _cluster.Nodes)
        {
            Assert.True(n.Process.IsRunning, $"{n} runs");
            var state = File.ReadAllText($"/proc/{n.Process.Pid}/stat").Split(") ")[1][0];
            Assert.NotEqual('T', state);
            Assert.Equal("+0s", File.ReadAllText(n.Clock!.OffsetFile!));
        }
    }

    [SkippableFact]
    public async Task A_cancelled_run_still_ends_with_the_final_heal()
    {
        var path = Path.Combine(_dir.Path, "history-cancel.jsonl");
        var nemeses = NemesisFactory.Create([NemesisNames.Partition], new NemesisOptions(TimeSpan.FromSeconds(30)));
        var plan = NemesisSchedule.Plan(9, [NemesisNames.Partition], TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));
        using (var history = new HistoryWriter(path))
        {
            await new NemesisRunner(_cluster, nemeses, history).RunAsync(plan, cancel.Token);
        }

        var ops = HistoryT.Load(path).Operations;
        Assert.Equal("start-partition", ops[0].F);
        Assert.Equal(("heal", Outcome.Ok), (ops[^1].F, ops[^1].Outcome));
        foreach (var host in _net.Hosts)
        {
            Assert.DoesNotContain("DROP", await Exec.CheckedAsync("ip", ["netns", "exec", host.Namespace, "iptables", "-S"]), StringComparison.Ordinal);
        }
    }

    [SkippableFact]
    public async Task A_last_fault_without_its_heal_stays_in_force_until_the_end()
    {
        var path = Path.Combine(_dir.Path, "history-end.jsonl");
        var nemeses = NemesisFactory.Create([NemesisNames.Partition], new NemesisOptions(TimeSpan.FromSeconds(30)));
        var plan = NemesisSchedule.Plan(9, [NemesisNames.Partition], TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(500)).ToList();
        Assert.Equal([true], plan.Select(s => s.IsFault));
        using (var history = new HistoryWriter(path))
        {
            await new NemesisRunner(_cluster, nemeses, history).RunAsync(plan, CancellationToken.None, TimeSpan.FromMilliseconds(1500));
        }

        var ops = HistoryT.Load(path).Operations;
        Assert.Equal(["start-partition", "heal"], ops.Select(o => o.F));
        // The fault was due at 300 ms and the end at 1500 ms: healed at the end, not at once.
        Assert.True(ops[1].InvokeTime - ops[0].InvokeTime >= 1_000_000_000, $"healed {(ops[1].InvokeTime - ops[0].InvokeTime) / 1e6:0} ms after the fault began");
    }

    [SkippableFact]
    public async Task Delay_slows_what_leaves_the_slowed_hosts_and_says_how()
    {
        var nemesis = new DelayNemesis(new DelayProfile(TimeSpan.FromMilliseconds(300), TimeSpan.Zero));
        var done = await nemesis.StartAsync(_cluster, new Random(1), CancellationToken.None);
        var slowed = done["hosts"]!.AsArray().Select(h => (string)h!).ToHashSet();
        var via = (string)done["via"]!;
        var server = _net["s1"];
        var others = _net.Hosts.Where(h => h != server).ToList();
        var times = await Task.WhenAll(others.Select(async h =>
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            Assert.True(await Probe.CanConnectAsync(h, server.Address, 6379, TimeSpan.FromSeconds(5)), $"{h} reaches s1");
            return (h.Name, sw.ElapsedMilliseconds);
        }));
        await nemesis.HealAsync(_cluster, CancellationToken.None);

        Assert.Equal(await Netem.IsAvailableAsync(_net.Hosts[0]) ? "netem" : "nfqueue", via);
        foreach (var (name, ms) in times)
        {
            // A handshake is slowed when either end's packets wait: the SYN or the SYN-ACK.
            if (slowed.Contains(name) || slowed.Contains(server.Name)) Assert.True(ms >= 250, $"{name}: {ms} ms, slowed {string.Join(",", slowed)}");
            else Assert.True(ms < 250, $"{name}: {ms} ms, slowed {string.Join(",", slowed)}");
        }
    }

    [SkippableFact]
    public async Task Faults_joined_by_a_plus_start_in_order_a_gap_apart_and_heal_together()
    {
        var path = Path.Combine(_dir.Path, "history-composed.jsonl");
        var name = Assert.Single(NemesisNames.Parse("partition+pause"));
        var nemeses = NemesisFactory.Create([name], new NemesisOptions(TimeSpan.FromSeconds(30)) { ComposeGap = TimeSpan.FromMilliseconds(300) });
        var pid = _cluster.Nodes.Single(n => n.Host == "c1").Process.Pid;
        using (var history = new HistoryWriter(path))
        {
            var runner = new NemesisRunner(_cluster, nemeses, history);
            await runner.StepAsync(new NemesisStep(0, TimeSpan.Zero, name, true, 5), CancellationToken.None);

            // Both in force: the grudge on some host, and the leading candidate stopped.
            var rules = await Task.WhenAll(_net.Hosts.Select(h => Exec.CheckedAsync("ip", ["netns", "exec", h.Namespace, "iptables", "-S"])));
            Assert.Contains(rules, r => r.Contains("DROP", StringComparison.Ordinal));
            Assert.True(await StoppedAsync(pid), "the leading candidate is stopped");
            Assert.StartsWith("partition ", runner.State, StringComparison.Ordinal);
            Assert.EndsWith(" + pause candidate on c1", runner.State, StringComparison.Ordinal);

            await runner.StepAsync(new NemesisStep(1, TimeSpan.Zero, name, false, 5), CancellationToken.None);
        }

        var ops = HistoryT.Load(path).Operations;
        Assert.Equal(["start-partition+pause", "stop-partition+pause"], ops.Select(o => o.F));
        Assert.All(ops, o => Assert.Equal(Outcome.Ok, o.Outcome));
        Assert.True(ops[0].CompleteTime - ops[0].InvokeTime >= 300_000_000, "the pause came a gap after the partition");
        Assert.Contains("\"grudge\"", ops[0].Output.Json, StringComparison.Ordinal);
        Assert.Contains("\"resumed\"", ops[1].Output.Json, StringComparison.Ordinal);
        Assert.NotEqual('T', File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1][0]);
        foreach (var host in _net.Hosts)
        {
            Assert.DoesNotContain("DROP", await Exec.CheckedAsync("ip", ["netns", "exec", host.Namespace, "iptables", "-S"]), StringComparison.Ordinal);
        }
    }

    /// <summary>SIGSTOP takes effect asynchronously: waits up to a second for the process to show as stopped.</summary>
    private static async Task<bool> StoppedAsync(int pid)
    {
        for (var i = 0; i < 50; i++)
        {
            if (File.ReadAllText($"/proc/{pid}/stat").Split(") ")[1][0] == 'T') return true;
            await Task.Delay(20);
        }

        return false;
    }

    [SkippableFact]
    public async Task A_fault_that_cannot_be_done_here_is_a_fail_with_the_reason()
    {
        var path = Path.Combine(_dir.Path, "history-fail.jsonl");
        var noClocks = new Cluster(_net, [new ClusterNode(_cluster.Nodes[0].Process, NodeRole.Server, null, "etcd is a Go program: it reads the clock without libc, so libfaketime cannot move it")]);
        var nemeses = NemesisFactory.Create([NemesisNames.Clock], new NemesisOptions(TimeSpan.FromSeconds(30)));
        using (var history = new HistoryWriter(path))
        {
            await new NemesisRunner(noClocks, nemeses, history).StepAsync(new NemesisStep(0, TimeSpan.Zero, NemesisNames.Clock, true, 1), CancellationToken.None);
        }

        var op = Assert.Single(HistoryT.Load(path).Operations);
        Assert.Equal(Outcome.Fail, op.Outcome);
        Assert.Contains("etcd is a Go program", op.Error, StringComparison.Ordinal);
    }
}
