using System.Diagnostics;
using System.Text.Json;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.TestSupport;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Harness.Tests.Run;

/// <summary>Whole runs of the harness as its own process: real hosts, real servers (redis, etcd, ZooKeeper), five candidates.</summary>
[Collection(NamespacesCollection.Name)]
public sealed class RunTests : IDisposable
{
    private readonly TempDir _store = new();

    public void Dispose() => _store.Dispose();

    private async Task<(HarnessRun Run, JsonElement Results, HistoryT History, string Dir)> RunAsync(params string[] args)
    {
        var run = await HarnessRun.ProcessAsync([.. args, "--store", _store.Path]);
        var dir = Path.Combine(_store.Path, "latest");
        Assert.True(Directory.Exists(dir), $"no run directory; exit {run.ExitCode}\n{run.Out}\n{run.Error}");
        var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "results.json"))).RootElement;
        return (run, results, HistoryT.Load(Path.Combine(dir, "history.jsonl")), dir);
    }

    private static IEnumerable<string> Kinds(JsonElement results) =>
        results.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("kind").GetString()!);

    [Fact]
    public async Task Redis_without_faults_is_valid_and_the_store_holds_everything()
    {
        var junit = Path.Combine(_store.Path, "junit.xml");
        var (run, results, history, dir) = await RunAsync("--backend", "redis", "--time-limit", "15s", "--ttl", "3s", "--junit", junit);

        Assert.Equal(0, run.ExitCode);
        Assert.True(results.GetProperty("valid").GetBoolean(), run.Out);
        var ops = history.Operations;
        Assert.Contains(ops, o => o is { F: "acquire", Outcome: Outcome.Ok });
        Assert.True(ops.Count(o => o is { F: "claim", Outcome: Outcome.Ok }) > 100);
        Assert.Contains(ops, o => o.F == "claim" && o.Output.Leader == true);
        Assert.True(ops.Count(o => o is { F: "write", Outcome: Outcome.Ok }) > 50);
        foreach (var file in new[] { "history.jsonl", "results.json", "report.html", "test.json", "harness.log" }) Assert.True(File.Exists(Path.Combine(dir, file)), file);
        var index = await File.ReadAllTextAsync(Path.Combine(_store.Path, "index.html"));
        Assert.Contains($"href=\"{new DirectoryInfo(dir).LinkTarget}/report.html\">valid</a>", index, StringComparison.Ordinal);
        Assert.Contains("compared  ", run.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "nodes", "s1", "redis.log")));
        Assert.True(File.Exists(Path.Combine(dir, "nodes", "c1", "candidate.log")));
        var test = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "test.json"))).RootElement;
        Assert.Contains("--seed", test.GetProperty("rerun").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Redis server", test.GetProperty("versions").GetProperty("servers").GetString(), StringComparison.Ordinal);
        Assert.Contains("verdict   valid", run.Out, StringComparison.Ordinal);
        var testCase = Assert.Single(System.Xml.Linq.XDocument.Load(junit).Descendants("testcase"));
        Assert.StartsWith("redis under none, seed ", (string?)testCase.Attribute("name"), StringComparison.Ordinal);
        Assert.Null(testCase.Element("failure"));
        var runId = test.GetProperty("run_id").GetString()!;
        Assert.DoesNotContain(await LocalNetwork.ListNamespacesAsync(), n => n.Contains(runId, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("on")]
    [InlineData("off")]
    public async Task A_leader_paused_past_its_lease_wakes_up_still_leading(string fencing)
    {
        var (run, results, _, _) = await RunAsync(
            "--backend", "redis", "--nemesis", "pause", "--ttl", "2s", "--nemesis-interval", "6s", "--time-limit", "26s",
            "--seed", SeedWhoseFaultsHitCandidates(NemesisNames.Pause).ToString(System.Globalization.CultureInfo.InvariantCulture), "--fencing", fencing);

        Assert.Equal(1, run.ExitCode);
        var kinds = Kinds(results).ToList();
        Assert.Contains("stale-leader", kinds);
        if (fencing == "on")
        {
            Assert.DoesNotContain("stale-write-accepted", kinds);
            Assert.True(results.GetProperty("fencing").GetProperty("writes_refused").GetInt32() + results.GetProperty("fencing").GetProperty("jobs_refused").GetInt32() > 0, run.Out);
        }
        else
        {
            Assert.Contains("stale-write-accepted", kinds);
        }
    }

    [Fact]
    public async Task Killing_the_leader_fails_over_within_the_ttl_and_two_seconds()
    {
        var (run, results, _, _) = await RunAsync(
            "--backend", "redis", "--nemesis", "kill", "--ttl", "3s", "--nemesis-interval", "6s", "--time-limit", "26s",
            "--seed", SeedWhoseFaultsHitCandidates(NemesisNames.Kill).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(run.ExitCode is 0 or 1, run.Out + run.Error);
        var failover = results.GetProperty("failover");
        Assert.True(failover.GetProperty("count").GetInt32() >= 1, run.Out);
        Assert.InRange(failover.GetProperty("p50_ms").GetDouble(), 0, 5000);
    }

    [Fact]
    public async Task Redlock_under_partitions_runs_to_the_end_and_is_checked()
    {
        var (run, results, history, _) = await RunAsync("--backend", "redlock", "--nemesis", "partition", "--ttl", "3s", "--nemesis-interval", "5s", "--time-limit", "20s", "--seed", "3");

        Assert.True(run.ExitCode is 0 or 1, run.Out + run.Error);
        Assert.NotEqual(JsonValueKind.String, results.GetProperty("valid").ValueKind);
        Assert.Contains(history.Operations, o => o is { F: "start-partition", Outcome: Outcome.Ok });
        Assert.Contains(history.Operations, o => o is { F: "acquire", Outcome: Outcome.Ok });
        Assert.Equal(5, history.Processes.Count(p => p.StartsWith('c')));
    }

    /// <param name="firstToken">The first grant's token where the recipe fixes it (kubernetes: leaseTransitions 0, plus one).</param>
    [Theory]
    [InlineData("etcd", null)]
    [InlineData("zookeeper", null)]
    [InlineData("kubernetes", 1L)]
    public async Task A_server_backend_without_faults_is_valid(string backend, long? firstToken)
    {
        var (run, results, history, _) = await RunAsync("--backend", backend, "--time-limit", "12s", "--ttl", "3s");

        Assert.Equal(0, run.ExitCode);
        Assert.True(results.GetProperty("valid").GetBoolean(), run.Out);
        var grant = history.Operations.First(o => o is { F: "acquire", Outcome: Outcome.Ok });
        Assert.True(grant.Output.Token > 0);
        if (firstToken is { } k) Assert.Equal(k, grant.Output.Token);
        Assert.Contains(history.Operations, o => o.F == "claim" && o.Output.Leader == true);
    }

    [Theory]
    [InlineData("etcd")]
    [InlineData("zookeeper")]
    [InlineData("kubernetes")]
    public async Task A_leader_paused_past_its_lease_or_session_wakes_up_still_leading_and_fencing_saves_the_ledger(string backend)
    {
        // On waking, the candidate's overdue renewal races its overdue write, job and the
        // harness's pending claim; most pauses end with a stale act, not every one, so the
        // run holds three pauses of the leader.
        var (run, results, _, _) = await RunAsync(
            "--backend", backend, "--nemesis", "pause", "--ttl", "2s", "--nemesis-interval", "6s", "--time-limit", "38s",
            "--seed", SeedWhoseFaultsHitCandidates(NemesisNames.Pause, TimeSpan.FromSeconds(38)).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}\n{run.Out}");
        var kinds = Kinds(results).ToList();
        Assert.Contains("stale-leader", kinds);
        Assert.DoesNotContain("stale-write-accepted", kinds);
        var fencing = results.GetProperty("fencing");
        Assert.True(fencing.GetProperty("writes_refused").GetInt32() + fencing.GetProperty("jobs_refused").GetInt32() > 0, run.Out);
    }

    /// <summary>
    /// The elector keeps the lease safe by timing: a follower takes over only a lease
    /// duration after it last saw the record change, by which time the leader, unable to
    /// renew, has given up at its renew deadline. Its own wall clock is what it times with:
    /// the leader cut off, then a follower's clock jumped forward by twice the lease, and that
    /// follower takes over while the leader still believes it leads.
    /// </summary>
    [Theory]
    [InlineData("partition", false)]
    [InlineData("partition+clock", true)]
    public async Task Kubernetes_followers_time_the_lease_by_their_own_wall_clock(string nemesis, bool stale)
    {
        // TTL 5 s: the elector's margin (lease 5 s against a renew deadline of 3.33 s and a
        // retry period of 0.67 s) is a second. The fault comes at 6 s, the clock part 1.5 s
        // after the partition, the heal at 12 s.
        var seed = SeedWhoseClockPartJumpsAFollowerForward(TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(13));
        var (run, results, history, _) = await RunAsync(
            "--backend", "kubernetes", "--nemesis", nemesis, "--partition-shape", "isolate-leader", "--ttl", "5s", "--nemesis-interval", "6s",
            "--time-limit", "13s", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var start = Assert.Single(history.Operations, o => o.F == $"start-{nemesis}" && o.Outcome == Outcome.Ok);
        if (stale)
        {
            // Both live at once: until the new leader's first write reaches the ledger, the old
            // one's writes still pass the fence, and the jumped clock runs job slots early, so
            // stale-write-accepted and duplicate-job may come too.
            Assert.True(run.ExitCode == 1, $"exit {run.ExitCode}\n{run.Out}");
            Assert.Contains("stale-leader", Kinds(results));
            Assert.Contains("\"offset_s\":10", start.Output.ToJson(), StringComparison.Ordinal);
        }
        else
        {
            Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Out}");
        }
    }

    [Theory]
    [InlineData("etcd")]
    [InlineData("zookeeper")]
    public async Task Isolating_the_leaders_host_fails_over_within_the_ttl_and_three_seconds(string backend)
    {
        var (run, results, _, _) = await RunAsync(
            "--backend", backend, "--nemesis", "partition", "--partition-shape", "isolate-leader", "--ttl", "3s", "--nemesis-interval", "6s", "--time-limit", "20s");

        Assert.True(run.ExitCode is 0 or 1, run.Out + run.Error);
        var failover = results.GetProperty("failover");
        Assert.True(failover.GetProperty("count").GetInt32() >= 1, run.Out);
        Assert.InRange(failover.GetProperty("p50_ms").GetDouble(), 0, 6000);
    }

    [Theory]
    [InlineData("etcd")]
    [InlineData("zookeeper")]
    public async Task Killing_the_server_leader_leaves_a_valid_history(string backend)
    {
        var (run, results, history, _) = await RunAsync(
            "--backend", backend, "--nemesis", "kill", "--ttl", "3s", "--nemesis-interval", "6s", "--time-limit", "20s",
            "--seed", SeedWhoseFaultsHitTheServerLeader(NemesisNames.Kill).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(0, run.ExitCode);
        Assert.True(results.GetProperty("valid").GetBoolean(), run.Out);
        var kills = history.Operations.Where(o => o is { F: "kill", Outcome: Outcome.Ok }).ToList();
        Assert.NotEmpty(kills);
        Assert.All(kills, k => Assert.Contains("\"role\":\"server\"", k.Output.Json, StringComparison.Ordinal));
        Assert.Contains(kills, k => k.Output.Json!.Contains("\"leader\":true", StringComparison.Ordinal));
        Assert.Contains(history.Operations, o => o.F == "claim" && o.Output.Leader == true && o.InvokeTime > kills[0].CompleteTime);
    }

    [Theory]
    [InlineData("partition")]
    [InlineData("pause")]
    [InlineData("kill")]
    public async Task Raft_lets_no_stale_write_through_and_elects_a_new_leader_within_two_seconds(string nemesis)
    {
        var (run, results, history, _) = await RunAsync(
            "--backend", "raft", "--nemesis", nemesis, "--partition-shape", "isolate-leader", "--nemesis-interval", "5s", "--time-limit", "20s");

        Assert.True(run.ExitCode is 0 or 1, run.Out + run.Error);
        Assert.DoesNotContain("stale-write-accepted", Kinds(results));
        Assert.DoesNotContain("token-reuse", Kinds(results));
        var failover = results.GetProperty("failover");
        Assert.True(failover.GetProperty("count").GetInt32() >= 1, run.Out);
        Assert.InRange(failover.GetProperty("max_ms").GetDouble(), 0, 2000);
        if (nemesis == "partition")
        {
            Assert.Contains(history.Operations, o => o is { F: "start-partition", Outcome: Outcome.Ok } && o.Output.Json!.Contains("\"scope\":\"candidates\"", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("bully")]
    [InlineData("ring")]
    public async Task Bully_and_ring_elect_a_leader_on_each_side_of_a_partition(string backend)
    {
        var (run, results, _, _) = await RunAsync(
            "--backend", backend, "--nemesis", "partition", "--partition-shape", "halves", "--nemesis-interval", "5s", "--time-limit", "20s");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(Kinds(results), k => k is "stale-leader" or "token-reuse");
    }

    /// <summary>
    /// A paused ring coordinator wakes believing it coordinates (stale-leader is the ring's to
    /// show), but the election messages that waited in its socket must not elect anyone again
    /// with a round someone already holds, and the others must not follow it back.
    /// </summary>
    [Fact]
    public async Task A_paused_ring_coordinator_wakes_to_a_later_round_and_no_token_is_reused()
    {
        var (run, results, history, _) = await RunAsync(
            "--backend", "ring", "--nemesis", "pause", "--ttl", "3s", "--nemesis-interval", "6s", "--time-limit", "26s",
            "--seed", SeedWhoseFaultsHitCandidates(NemesisNames.Pause).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(run.ExitCode is 0 or 1, run.Out + run.Error);
        Assert.DoesNotContain("token-reuse", Kinds(results));
        Assert.DoesNotContain("token-regression", Kinds(results));
        var resumes = history.Operations.Where(o => o is { F: "resume", Outcome: Outcome.Ok }).ToList();
        Assert.NotEmpty(resumes);
        var failover = results.GetProperty("failover");
        Assert.True(failover.GetProperty("count").GetInt32() >= 2, run.Out);
        Assert.InRange(failover.GetProperty("max_ms").GetDouble(), 0, 2000);
    }

    [Fact]
    public async Task A_run_killed_halfway_leaves_a_history_check_reads_and_cleanup_removes_the_rest()
    {
        Orphans.Adopt();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { typeof(Program).Assembly.Location, "--backend", "redis", "--nemesis", "partition", "--nemesis-interval", "2s", "--time-limit", "60s", "--store", _store.Path })
        {
            psi.ArgumentList.Add(a);
        }

        using var harness = Process.Start(psi)!;
        while (await harness.StandardOutput.ReadLineAsync() is { } line && !line.Contains("candidates connected", StringComparison.Ordinal))
        {
        }

        await Task.Delay(TimeSpan.FromSeconds(5));
        var dir = Directory.EnumerateDirectories(_store.Path).Single();
        var runId = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "test.json"))).RootElement.GetProperty("run_id").GetString()!;
        var namespaces = (await LocalNetwork.ListNamespacesAsync()).Where(n => n.Contains(runId, StringComparison.Ordinal)).ToList();
        var pids = new List<int>();
        foreach (var ns in namespaces) pids.AddRange((await Exec.CheckedAsync("ip", ["netns", "pids", ns])).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
        Assert.Equal(6, pids.Count);
        harness.Kill();
        await harness.WaitForExitAsync();

        var check = await HarnessRun.InProcessAsync("check", Path.Combine(dir, "history.jsonl"), "--search", "off");
        Assert.True(check.ExitCode is 0 or 1, check.Out + check.Error);
        Assert.Contains("start-partition", await File.ReadAllTextAsync(Path.Combine(dir, "history.jsonl")), StringComparison.Ordinal);

        var cleanup = await HarnessRun.InProcessAsync("cleanup");
        Assert.Contains($"removed run {runId}", cleanup.Out, StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.All(pids, pid => Assert.False(Signals.IsRunning(pid)));
        Orphans.Reap(pids);
        Assert.DoesNotContain(await LocalNetwork.ListNamespacesAsync(), n => n.Contains(runId, StringComparison.Ordinal));
    }

    /// <summary>A seed whose faults aim at the server that leads (a server a third of the time, then its leader every other time).</summary>
    private static int SeedWhoseFaultsHitTheServerLeader(string nemesis) =>
        FirstSeed(nemesis, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(20), f => new Random(f.Seed) is var r && r.NextDouble() < 0.3 && r.Next(1 << 20) % 2 == 0);

    /// <summary>
    /// A seed whose faults of <c>partition+clock</c> all move a follower's clock forward: the
    /// clock part's own generator (the second drawn from the fault's) picks "another
    /// candidate" (2 of 3) and then a bump forward (below 0.35), as the clock nemesis draws.
    /// </summary>
    private static int SeedWhoseClockPartJumpsAFollowerForward(TimeSpan interval, TimeSpan timeLimit) =>
        FirstSeed("partition+clock", interval, timeLimit, f => ComposedNemesis.PartRandoms(new Random(f.Seed), 2)[1] is var r && r.Next(3) == 2 && r.NextDouble() < 0.35);

    /// <summary>
    /// A seed whose first faults aim at candidates, not at a server: the nemesis draws its
    /// target with the fault's own seed, first a number that sends it to a server below 0.3.
    /// </summary>
    private static int SeedWhoseFaultsHitCandidates(string nemesis, TimeSpan? timeLimit = null) =>
        FirstSeed(nemesis, TimeSpan.FromSeconds(6), timeLimit ?? TimeSpan.FromSeconds(26), f => new Random(f.Seed).NextDouble() >= 0.3);

    /// <summary>The first seed whose every fault, as the schedule plans it, satisfies <paramref name="wanted"/>.</summary>
    private static int FirstSeed(string nemesis, TimeSpan interval, TimeSpan timeLimit, Func<NemesisStep, bool> wanted)
    {
        for (var seed = 1; ; seed++)
        {
            if (NemesisSchedule.Plan(seed, [nemesis], interval, timeLimit).Where(s => s.IsFault).All(wanted)) return seed;
        }
    }
}
