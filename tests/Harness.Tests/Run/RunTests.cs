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

    /// <summary>
    /// Without fencing the ledger takes the paused leader's stale writes (with fencing on it
    /// takes none: a row of the known-results suite).
    /// </summary>
    [Fact]
    public async Task A_leader_paused_past_its_lease_wakes_up_still_leading_and_without_fencing_its_writes_land()
    {
        var (run, results, _, _) = await RunAsync(
            "--backend", "redis", "--nemesis", "pause", "--ttl", "2s", "--nemesis-interval", "6s", "--time-limit", "26s",
            "--seed", Seeds.HittingCandidates(NemesisNames.Pause).ToString(System.Globalization.CultureInfo.InvariantCulture), "--fencing", "off");

        Assert.Equal(1, run.ExitCode);
        var kinds = Kinds(results).ToList();
        Assert.Contains("stale-leader", kinds);
        Assert.Contains("stale-write-accepted", kinds);
    }

    [Fact]
    public async Task Killing_the_leader_fails_over_within_the_ttl_and_two_seconds()
    {
        var (run, results, _, _) = await RunAsync(
            "--backend", "redis", "--nemesis", "kill", "--ttl", "3s", "--nemesis-interval", "6s", "--time-limit", "26s",
            "--seed", Seeds.HittingCandidates(NemesisNames.Kill).ToString(System.Globalization.CultureInfo.InvariantCulture));

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

    /// <summary>
    /// The Lease's first holder gets token 1: leaseTransitions 0, plus one. (Every backend
    /// without faults is valid: a row of the known-results suite.)
    /// </summary>
    [Fact]
    public async Task The_first_holder_of_the_kubernetes_lease_gets_token_1()
    {
        var (run, results, history, _) = await RunAsync("--backend", "kubernetes", "--time-limit", "12s", "--ttl", "3s");

        Assert.Equal(0, run.ExitCode);
        Assert.True(results.GetProperty("valid").GetBoolean(), run.Out);
        Assert.Equal(1, history.Operations.First(o => o is { F: "acquire", Outcome: Outcome.Ok }).Output.Token);
        Assert.Contains(history.Operations, o => o.F == "claim" && o.Output.Leader == true);
    }

    /// <summary>
    /// The elector keeps the lease safe by timing: a follower takes over only a lease
    /// duration after it last saw the record change, by which time the leader, unable to
    /// renew, has given up at its renew deadline. With the leader cut off and no clock
    /// touched, that margin holds. (With a follower's clock jumped forward past the lease as
    /// well, it does not: a row of the known-results suite.)
    /// </summary>
    [Fact]
    public async Task Kubernetes_with_the_leader_cut_off_and_the_clocks_untouched_stays_valid()
    {
        // TTL 5 s: the elector's margin (lease 5 s against a renew deadline of 3.33 s and a
        // retry period of 0.67 s) is a second. The fault comes at 6 s, the heal at 12 s.
        var (run, _, history, _) = await RunAsync(
            "--backend", "kubernetes", "--nemesis", "partition", "--partition-shape", "isolate-leader", "--ttl", "5s", "--nemesis-interval", "6s",
            "--time-limit", "13s", "--seed", Seeds.JumpingAFollowersClockForward(TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(13)).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Single(history.Operations, o => o is { F: "start-partition", Outcome: Outcome.Ok });
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Out}");
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
        var (run, results, history, dir) = await RunAsync(
            "--backend", backend, "--nemesis", "kill", "--ttl", "3s", "--nemesis-interval", "6s", "--time-limit", "20s",
            "--seed", Seeds.HittingTheServerLeader(NemesisNames.Kill).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(0, run.ExitCode);
        Assert.True(results.GetProperty("valid").GetBoolean(), run.Out);
        var kills = history.Operations.Where(o => o is { F: "kill", Outcome: Outcome.Ok }).ToList();
        Assert.NotEmpty(kills);
        Assert.All(kills, k => Assert.Contains("\"role\":\"server\"", k.Output.Json, StringComparison.Ordinal));
        Assert.Contains(kills, k => k.Output.Json!.Contains("\"leader\":true", StringComparison.Ordinal));
        Assert.Contains(history.Operations, o => o.F == "claim" && o.Output.Leader == true && o.InvokeTime > kills[0].CompleteTime);

        // The servers' logs stay; their data directories (scratch once they stopped) do not.
        Assert.True(File.Exists(Path.Combine(dir, "nodes", "s1", $"{backend}.log")));
        Assert.False(Directory.Exists(Path.Combine(dir, "nodes", "s1", backend == "etcd" ? "etcd-data" : "zookeeper/data")));
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

    /// <summary>(Bully's two leaders under halves is a row of the known-results suite.)</summary>
    [Fact]
    public async Task Ring_elects_a_leader_on_each_side_of_a_partition()
    {
        var (run, results, _, _) = await RunAsync(
            "--backend", "ring", "--nemesis", "partition", "--partition-shape", "halves", "--nemesis-interval", "5s", "--time-limit", "20s");

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
            "--seed", Seeds.HittingCandidates(NemesisNames.Pause).ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.True(run.ExitCode is 0 or 1, run.Out + run.Error);
        Assert.DoesNotContain("token-reuse", Kinds(results));
        Assert.DoesNotContain("token-regression", Kinds(results));
        var resumes = history.Operations.Where(o => o is { F: "resume", Outcome: Outcome.Ok }).ToList();
        Assert.NotEmpty(resumes);
        var failover = results.GetProperty("failover");
        Assert.True(failover.GetProperty("count").GetInt32() >= 2, run.Out);
        Assert.InRange(failover.GetProperty("max_ms").GetDouble(), 0, 2000);
    }

    private string[] PartitionedRedisFor60s => ["--backend", "redis", "--nemesis", "partition", "--nemesis-interval", "2s", "--time-limit", "60s", "--store", _store.Path];

    /// <summary>Waits until the harness's candidates connected and five more seconds; its run directory, run id and the processes on its hosts.</summary>
    private async Task<(string Dir, string RunId, List<int> Pids)> FiveSecondsIntoTheTestAsync(Process harness)
    {
        while (await harness.StandardOutput.ReadLineAsync() is { } line && !line.Contains("candidates connected", StringComparison.Ordinal))
        {
        }

        await Task.Delay(TimeSpan.FromSeconds(5));
        var dir = Directory.EnumerateDirectories(_store.Path).Single();
        var runId = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "test.json"))).RootElement.GetProperty("run_id").GetString()!;
        return (dir, runId, (await HarnessRun.HostsOfAsync(runId)).Pids);
    }

    /// <summary>Ctrl-C (SIGINT) ends a run as its time limit would: faults healed, everything stopped and removed, the history checked.</summary>
    [Fact]
    public async Task Ctrl_c_heals_stops_and_checks_what_was_recorded_and_leaves_nothing_behind()
    {
        using var harness = HarnessRun.Start(PartitionedRedisFor60s);
        if (await SignalIgnoredAsync(harness.Id, 2))
        {
            harness.Kill(entireProcessTree: true);
            Assert.Fail("the harness started with SIGINT ignored");
        }

        var stderr = harness.StandardError.ReadToEndAsync();
        var (dir, runId, pids) = await FiveSecondsIntoTheTestAsync(harness);

        Assert.True(Signals.Send(harness.Id, 2));
        var rest = await harness.StandardOutput.ReadToEndAsync();
        using (var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90))) await harness.WaitForExitAsync(limit.Token);

        Assert.True(harness.ExitCode is 0 or 1, $"exit {harness.ExitCode}\n{rest}\n{await stderr}");
        Assert.Contains("checking what was recorded before the interruption", rest, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, "results.json")));
        var ops = HistoryT.Load(Path.Combine(dir, "history.jsonl")).Operations;
        var started = ops.Count(o => o is { F: "start-partition", Outcome: Outcome.Ok } && o.Output.Json!.Contains("\"shape\":", StringComparison.Ordinal));
        Assert.True(started > 0, "no partition started before the interruption");
        Assert.Equal(started, ops.Count(o => o is { F: "stop-partition", Outcome: Outcome.Ok } && o.Output.Json!.Contains("\"healed\":", StringComparison.Ordinal)));
        Assert.NotEmpty(pids);
        Assert.All(pids, pid => Assert.False(Signals.IsRunning(pid)));
        Assert.DoesNotContain(await LocalNetwork.ListNamespacesAsync(), n => n.Contains(runId, StringComparison.Ordinal));

        static async Task<bool> SignalIgnoredAsync(int pid, int signal)
        {
            // env execs dotnet in place: same PID; read once the exec happened (the mask is hex).
            for (var i = 0; i < 50 && (await File.ReadAllTextAsync($"/proc/{pid}/comm")).Trim() == "env"; i++) await Task.Delay(20);
            var mask = File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))[7..].Trim();
            return (Convert.ToUInt64(mask, 16) & (1UL << (signal - 1))) != 0;
        }

    }

    [Fact]
    public async Task A_run_killed_halfway_leaves_a_history_check_reads_and_cleanup_removes_the_rest()
    {
        Orphans.Adopt();
        using var harness = HarnessRun.Start(PartitionedRedisFor60s);
        var (dir, runId, pids) = await FiveSecondsIntoTheTestAsync(harness);
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
}
