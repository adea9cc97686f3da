using System.Globalization;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Reports.Store;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Tests.Run;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.TestSupport;
using Xunit.Abstractions;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Harness.Tests.KnownResults;

/// <summary>What one run of a row showed: its exit code, its violations' kinds, what fencing refused, its history.</summary>
public sealed record KnownRun(int ExitCode, IReadOnlyCollection<string> Kinds, FencingStats Refused, HistoryT History, string Output)
{
    /// <summary>The longest time no leader acted, as the run's checker measured it (results.json's <c>without_leader</c>).</summary>
    public TimeSpan WithoutLeader { get; init; }
}

/// <summary>
/// A known result: a published finding the harness must reproduce (<see cref="Detect"/>: the
/// share of runs showing it is the row's detection rate), and what theory says must never
/// happen (<see cref="Safe"/>: a single run against it is a false alarm of ours or a broken
/// recipe). Each gives null when it holds and the reason when not.
/// </summary>
public sealed record KnownResult(string Row, string Backend, Func<int, string[]> Arguments)
{
    public Func<KnownRun, string?>? Detect { get; init; }

    public Func<KnownRun, string?>? Safe { get; init; }

    /// <summary>Run only by the full suite (the nightly's five seeds), to keep every push's CI short.</summary>
    public bool FullOnly { get; init; }

    public override string ToString() => Row;
}

/// <summary>
/// The known-results suite: the harness reproduces the published findings on the canonical
/// recipes and raises no false alarm where theory says safe. Each row runs over several
/// seeds (<c>EJ_KNOWN_RESULTS=full</c>: five; otherwise one, the short version every CI run
/// runs) and prints its detection rate, to the test output and to
/// <c>TestResults/known-results.txt</c> at the root of the repository.
/// <c>dotnet test --filter Category=KnownResults</c> runs the suite alone.
/// </summary>
[Collection(NamespacesCollection.Name)]
[Trait("Category", "KnownResults")]
public sealed class KnownResultsTests(ITestOutputHelper output) : IDisposable
{
    private static readonly bool Full = Environment.GetEnvironmentVariable("EJ_KNOWN_RESULTS") == "full";

    /// <summary>The share of a row's runs that must show its finding in the full suite (the short one runs one seed, which must).</summary>
    private const double MinDetection = 0.8;
    private static readonly Lazy<string> ReportFile = new(StartReport);
    private readonly List<TempDir> _stores = [];

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
    }

    private static string S(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static readonly string[] LeaseBackends = ["redis", "redlock", "etcd", "zookeeper", "kubernetes"];

    /// <summary>
    /// Pauses that aim at candidates, each twice the TTL, three in 38 s. (In 20 s, one seed of
    /// zookeeper's, 1, shows a stale write accepted: the paused leader wrote 29 ms after a newer
    /// grant, before the new leader's first write reached the ledger.)
    /// </summary>
    private static string[] PausedLeader(int i) =>
        ["--nemesis", "pause", "--ttl", "2s", "--nemesis-interval", "6s", "--time-limit", "38s",
         "--seed", S(Seeds.HittingCandidates(NemesisNames.Pause, TimeSpan.FromSeconds(38), skip: i))];

    /// <summary>The rows by name: a name is what the test runner shows and can filter on.</summary>
    public static TheoryData<string> Names() => [.. All.Value.Where(r => Full || !r.FullOnly).Select(r => r.Row)];

    private static readonly Lazy<List<KnownResult>> All = new(Rows);

    private static List<KnownResult> Rows()
    {
        var rows = new List<KnownResult>();
        foreach (var backend in new[] { "redis", "redlock", "etcd", "etcd-unchecked", "zookeeper", "kubernetes", "raft", "bully", "ring" })
        {
            rows.Add(new KnownResult($"{backend}: no fault gives valid", backend, _ => ["--nemesis", "none", "--ttl", "2s", "--time-limit", "8s"])
            {
                // Every push's CI runs these backends without faults in tests of their own.
                FullOnly = backend is "redis" or "kubernetes",
                Safe = r => r.ExitCode != 0 ? $"exit {r.ExitCode}: {string.Join(", ", r.Kinds)}"
                    : !r.History.Operations.Any(o => o.F == "claim" && o.Output.Leader == true) ? "valid, but nobody ever led"
                    : FirstToken(backend, r),
            });
        }

        foreach (var backend in LeaseBackends)
        {
            // Three pauses of the leader candidate, each twice its TTL (Kleppmann's paused
            // client; Jepsen's etcd 3.4.3 lock finding): it wakes believing it leads.
            rows.Add(new KnownResult($"{backend}: the leader paused past its TTL gives stale-leader, and fencing accepts no stale write", backend, PausedLeader)
            {
                Detect = r => r.Kinds.Contains("stale-leader") ? null : $"no stale-leader (exit {r.ExitCode}: {string.Join(", ", r.Kinds)})",
                // Refusals show the stale leader did write and fencing stopped it: without
                // any, "no stale write accepted" would hold of a leader that never wrote.
                Safe = r => r.Kinds.Contains("stale-write-accepted") ? "fencing on, yet a stale write was accepted"
                    : r.Refused.WritesRefused + r.Refused.JobsRefused == 0 ? "fencing refused nothing: the stale leader's writes were never put to it" : null,
            });
        }

        // A candidate of the contract (docs/candidate.md), in Python, doing what our redis
        // recipe does: the same finding must come through the status endpoint and the ledger.
        rows.Add(new KnownResult("redis-lease-python (a candidate of the contract): the leader paused past its TTL gives stale-leader, and fencing accepts no stale write", "redis", i =>
            ["--candidate", Repository.Path("tests/Candidates/redis-lease-python"), .. PausedLeader(i)])
        {
            Detect = r => r.Kinds.Contains("stale-leader") ? null : $"no stale-leader (exit {r.ExitCode}: {string.Join(", ", r.Kinds)})",
            Safe = r => r.Kinds.Contains("stale-write-accepted") ? "fencing on, yet a stale write was accepted"
                : r.Refused.WritesRefused + r.Refused.JobsRefused == 0 ? "fencing refused nothing: the stale leader's writes were never put to it" : null,
        });

        // The postgres backend, our recipe and DistributedLock.Postgres's sample.
        rows.AddRange(PostgresRows.Rows());

        // The samples of examples/, the libraries teams use, each under its own faults: their
        // findings are judged over the nightly's five seeds (every push's CI builds and runs
        // each sample without faults, in its own test).
        rows.AddRange(CuratorAndEtcdGoRows.Rows().Concat(RedisLockSampleRows.Rows()).Select(r => r with { FullOnly = true }));

        rows.Add(new KnownResult("kubernetes: a follower's clock jumped forward past the lease gives stale-leader", "kubernetes", i =>
            ["--nemesis", "partition+clock", "--partition-shape", "isolate-leader", "--ttl", "5s", "--nemesis-interval", "6s", "--time-limit", "13s",
             "--seed", S(Seeds.JumpingAFollowersClockForward(TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(13), skip: i))])
        {
            Detect = r => !r.History.Operations.Any(o => o is { F: "start-partition+clock", Outcome: Outcome.Ok } && o.Output.ToJson()!.Contains("\"offset_s\":10", StringComparison.Ordinal))
                ? "no follower's clock was jumped forward by twice the lease"
                : r.Kinds.Contains("stale-leader") ? null : $"no stale-leader (exit {r.ExitCode}: {string.Join(", ", r.Kinds)})",
        });

        // Redlock waits at most ttl/50 (50 ms at least) for each master: a network that
        // holds packets for about a second on most masters leaves no majority to grant,
        // and the leader cannot renew, so nobody leads until the heal.
        rows.Add(new KnownResult("redlock: a congested network on most masters leaves it leaderless while it lasts, and fencing accepts no stale write", "redlock", i =>
            ["--nemesis", "delay", "--delay-profile", "congested", "--ttl", "2s", "--nemesis-interval", "6s", "--time-limit", "14s",
             "--seed", S(Seeds.SlowingMostServers(5, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(14), skip: i))])
        {
            Detect = r => LeaderWhileSlowed(r.History, TimeSpan.FromSeconds(3)),
            Safe = r => r.Kinds.Contains("stale-write-accepted") ? "a stale write was accepted" : null,
        });

        rows.Add(new KnownResult("bully: partitioned into halves, two leaders at once", "bully", i =>
            ["--nemesis", "partition", "--partition-shape", "halves", "--nemesis-interval", "5s", "--time-limit", "16s", "--seed", S(i + 1)])
        {
            Detect = r => r.Kinds.Any(k => k is "stale-leader" or "token-reuse") ? null : $"one leader at a time (exit {r.ExitCode}: {string.Join(", ", r.Kinds)})",
        });

        foreach (var nemesis in NemesisNames.Faults)
        {
            rows.Add(new KnownResult($"raft: no stale write accepted under {nemesis}", "raft", i =>
                ["--nemesis", nemesis, "--nemesis-interval", "5s", "--time-limit", "16s", "--seed", S(i + 1)])
            {
                // Every push's CI runs raft under these in RunTests.
                FullOnly = nemesis is NemesisNames.Partition or NemesisNames.Pause or NemesisNames.Kill,
                Safe = r => r.Kinds.Contains("stale-write-accepted") ? "a stale write was accepted" : null,
            });
        }

        return rows;
    }

    /// <summary>
    /// Null when, from <paramref name="settle"/> after the first delay was in force until it
    /// was healed, the candidates answered (at least three said they do not lead: a run
    /// whose claims all timed out shows nothing) and none said it leads; else what was seen.
    /// </summary>
    private static string? LeaderWhileSlowed(HistoryT history, TimeSpan settle)
    {
        var ops = history.Operations;
        var start = Array.FindIndex(ops, o => o is { F: "start-delay", Outcome: Outcome.Ok });
        if (start < 0) return "the delay never started";
        var from = ops[start].CompleteTime + (long)settle.TotalNanoseconds;
        var end = ops.Skip(start + 1).FirstOrDefault(o => o.F is "stop-delay" or "heal");
        var until = end.F is null ? long.MaxValue : end.InvokeTime;
        var answers = ops.Where(o => o is { F: "claim", Outcome: Outcome.Ok } && o.InvokeTime >= from && o.InvokeTime < until).ToList();
        var leader = answers.FirstOrDefault(o => o.Output.Leader == true);
        var followers = answers.Count(o => o.Output.Leader == false);
        return leader.F is not null
            ? $"{history.ProcessName(leader.Process)} claimed leadership {leader.Output.Token} {(leader.InvokeTime - ops[start].CompleteTime) / 1e9:0.0} s into the delay"
            : followers < 3 ? $"only {followers} claims were answered while the delay lasted: nothing to judge"
            : null;
    }

    /// <summary>
    /// The servers' recipes take their first token from the server (etcd's create revision,
    /// ZooKeeper's sequence number, the Lease's transitions): it must be positive, and
    /// kubernetes' first is fixed (leaseTransitions 0, plus one).
    /// </summary>
    private static string? FirstToken(string backend, KnownRun r)
    {
        if (backend is not ("etcd" or "zookeeper" or "kubernetes")) return null;
        var token = r.History.Operations.Where(o => o is { F: "acquire", Outcome: Outcome.Ok }).Select(o => (long?)o.Output.Token).FirstOrDefault();
        return token is null ? "no grant"
            : token <= 0 ? $"the first grant's token is {token}"
            : backend == "kubernetes" && token != 1 ? $"the first Lease grant's token is {token}, not 1"
            : null;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Known_result(string name)
    {
        var row = All.Value.Single(r => r.Row == name);
        var seeds = Full ? 5 : 1;
        var detected = 0;
        var problems = new List<string>();
        var misses = new List<string>();
        var unfinished = new List<string>();
        for (var i = 0; i < seeds; i++)
        {
            var (run, failure) = await RunAsync(row, i);
            if (run is null)
            {
                // A run that never reached its verdict is neither a detection nor safe: the
                // row says so and fails, and the other seeds still run.
                unfinished.Add($"seed #{i + 1}: {failure}");
                misses.Add($"seed #{i + 1}: did not finish");
                continue;
            }

            if (row.Detect?.Invoke(run) is { } miss) misses.Add($"seed #{i + 1}: {miss}");
            else detected++;
            if (row.Safe?.Invoke(run) is { } alarm) problems.Add($"seed #{i + 1}: {alarm}\n{run.Output}");
        }

        var finished = seeds - unfinished.Count;
        var line = (row.Detect is null
            ? $"{row.Row}: {finished - problems.Count}/{seeds} runs safe"
            : $"{row.Row}: detected in {detected}/{seeds} runs ({100.0 * detected / seeds:0}%)" + (row.Safe is null ? string.Empty : $", {finished - problems.Count}/{seeds} safe"))
            + (unfinished.Count == 0 ? string.Empty : $", {unfinished.Count} did not finish");
        output.WriteLine(line);
        foreach (var m in misses) output.WriteLine("  " + m);
        lock (ReportFile) File.AppendAllText(ReportFile.Value, line + Environment.NewLine);

        Assert.True(unfinished.Count + problems.Count == 0, $"{row.Row}: {string.Join("\n", [.. unfinished, .. problems])}");
        if (row.Detect is not null)
        {
            var needed = Full ? (int)Math.Ceiling(MinDetection * seeds) : seeds;
            Assert.True(detected >= needed, $"{row.Row}: detected in {detected} of {seeds} runs, {needed} needed\n{string.Join("\n", misses)}");
        }
    }

    /// <summary>
    /// One run in a store of its own, so that a run that never got to its check cannot be
    /// judged by the one before; no run and why, when it did not reach a verdict.
    /// </summary>
    private async Task<(KnownRun? Run, string? Failure)> RunAsync(KnownResult row, int index)
    {
        var store = new TempDir();
        _stores.Add(store);
        var run = await HarnessRun.ProcessAsync(["--backend", row.Backend, .. row.Arguments(index), "--store", store.Path]);
        var dir = Path.Combine(store.Path, "latest");
        var stored = run.ExitCode < 64 ? StoredRun.Read(dir, out _) : null;
        if (stored is null) return (null, $"exit {run.ExitCode}\n{run.Out}\n{run.Error}");
        return (new KnownRun(run.ExitCode, [.. stored.Kinds.Keys], stored.Refused ?? new FencingStats(0, 0), HistoryT.Load(Path.Combine(dir, "history.jsonl")), run.Out + run.Error)
        {
            WithoutLeader = stored.WithoutLeader is { } gap ? TimeSpan.FromTicks((gap.ToNs - gap.FromNs) / 100) : TimeSpan.Zero,
        }, null);
    }

    /// <summary>Starts this test run's report of detection rates: TestResults/known-results.txt at the repository's root.</summary>
    private static string StartReport()
    {
        var dir = Path.Combine(Repository.Root ?? Path.GetTempPath(), "TestResults");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "known-results.txt");
        var fullOnly = All.Value.Count(r => r.FullOnly);
        File.WriteAllText(path, $"known results ({(Full ? "full: 5 seeds a row" : $"short: 1 seed a row, {fullOnly} rows left to the full suite; EJ_KNOWN_RESULTS=full for 5 seeds and every row")}), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC{Environment.NewLine}");
        return path;
    }
}
