using System.Text.Json.Nodes;
using ElectionJepsen.Checkers.FencedLease;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Reports.Html;
using ElectionJepsen.Reports.Store;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Reports.Tests;

/// <summary>
/// Small histories as runs record them, written into run directories of a store with their
/// test.json, results.json, node logs and report.html, for the report's tests.
/// </summary>
internal static class Fixtures
{
    private const long Ms = 1_000_000;

    /// <summary>One leader all along, 12 s: claims, writes and jobs, all accepted; c2 and c3 are refused.</summary>
    public static HistoryBuilder Quiet()
    {
        var h = new HistoryBuilder();
        h.Note(50 * Ms, "c1", "note", "candidate c1 started");
        h.Acquire(100 * Ms, 120 * Ms, "c1", 1);
        foreach (var p in new[] { "c2", "c3" })
        {
            h.Invoke(110 * Ms, p, "acquire").Fail(130 * Ms, p, "acquire", "held by c1");
        }

        for (long t = 500; t < 12_000; t += 500)
        {
            h.Claim(t * Ms, (t + 2) * Ms, "c1", 1);
            h.Claim((t + 10) * Ms, (t + 12) * Ms, "c2", null);
            h.Write((t + 100) * Ms, (t + 103) * Ms, "c1", 1, t);
            if (t % 1000 == 0) h.Job((t + 200) * Ms, (t + 203) * Ms, "c1", t / 1000, 1);
        }

        return h;
    }

    /// <summary>
    /// Redis under pause, 25 s: c1 leads with token 1 and is paused at 10 s; c2 is granted 2
    /// at 15.3 s; c1 wakes at 20 s still believing it leads: it claims (stale-leader) and its
    /// write and job with token 1 are refused by fencing; then it learns it lost the lease.
    /// </summary>
    public static HistoryBuilder PausedLeader()
    {
        var h = new HistoryBuilder();
        h.Note(50 * Ms, "c1", "note", "candidate c1 started: redis on 10.77.0.11:6379, ttl 5000 ms");
        h.Note(60 * Ms, "c2", "note", "candidate c2 started: redis on 10.77.0.11:6379, ttl 5000 ms");
        h.Acquire(100 * Ms, 120 * Ms, "c1", 1);
        h.Invoke(110 * Ms, "c2", "acquire").Fail(130 * Ms, "c2", "acquire", "held by c1");
        for (long t = 500; t < 10_000; t += 500)
        {
            h.Claim(t * Ms, (t + 2) * Ms, "c1", 1);
            h.Claim((t + 10) * Ms, (t + 12) * Ms, "c2", null);
            h.Write((t + 100) * Ms, (t + 103) * Ms, "c1", 1, t);
        }

        h.Invoke(10_000 * Ms, "nemesis", "pause", OpValue.FromJson("""{"step":0,"nemesis":"pause"}"""));
        h.Ok(10_006 * Ms, "nemesis", "pause", OpValue.FromJson("""{"process":"candidate","host":"c1","role":"candidate","pid":4242,"leader":true}"""));
        h.Invoke(15_200 * Ms, "c2", "acquire").Ok(15_300 * Ms, "c2", "acquire", OpValue.FromToken(2));
        for (long t = 15_500; t < 25_000; t += 500)
        {
            h.Claim(t * Ms, (t + 2) * Ms, "c2", 2);
            h.Write((t + 100) * Ms, (t + 103) * Ms, "c2", 2, t);
        }

        h.Invoke(20_000 * Ms, "nemesis", "resume", OpValue.FromJson("""{"step":1,"nemesis":"pause"}"""));
        h.Ok(20_002 * Ms, "nemesis", "resume", OpValue.FromJson("""{"resumed":["candidate on c1"]}"""));
        h.Claim(20_050 * Ms, 20_052 * Ms, "c1", 1);
        h.Write(20_100 * Ms, 20_103 * Ms, "c1", 1, 20_100, accepted: false);
        h.Invoke(20_150 * Ms, "c1", "job", OpValue.Job(20, 1)).Fail(20_153 * Ms, "c1", "job", "stale-token", OpValue.Job(20, 1));
        h.Note(20_400 * Ms, "c1", "note", "lost the lease: the renewal found c2 holding it");
        h.Claim(20_500 * Ms, 20_502 * Ms, "c1", null);
        return h;
    }

    /// <summary>
    /// A candidate that reports no token, 12 s: c1 is granted leadership, claims and writes
    /// without tokens, releases at 5 s; c2 is granted it at 6 s and leads to the end.
    /// </summary>
    public static HistoryBuilder Tokenless()
    {
        var h = new HistoryBuilder();
        h.Invoke(100 * Ms, "c1", "acquire", OpValue.Null).Ok(120 * Ms, "c1", "acquire", OpValue.Grant(null));
        for (long t = 500; t < 5_000; t += 500)
        {
            h.Invoke(t * Ms, "c1", "claim").Ok((t + 2) * Ms, "c1", "claim", OpValue.Claim(true, null));
            h.Invoke((t + 100) * Ms, "c1", "write", OpValue.Write(null, t)).Ok((t + 103) * Ms, "c1", "write", OpValue.Null);
        }

        h.Invoke(5_000 * Ms, "c1", "release", OpValue.Null).Ok(5_010 * Ms, "c1", "release", OpValue.Null);
        h.Invoke(6_000 * Ms, "c2", "acquire", OpValue.Null).Ok(6_020 * Ms, "c2", "acquire", OpValue.Grant(null));
        for (long t = 6_500; t < 12_000; t += 500)
        {
            h.Invoke(t * Ms, "c2", "claim").Ok((t + 2) * Ms, "c2", "claim", OpValue.Claim(true, null));
        }

        return h;
    }

    /// <summary>The test.json a run writes, for <paramref name="backend"/> under <paramref name="nemesis"/>.</summary>
    public static TestJson TestJson(string backend, string nemesis, long seed = 7) => new()
    {
        RunId = "0a1b2c",
        Backend = backend,
        Nemeses = nemesis == "none" ? [] : [nemesis],
        Nodes = 3,
        TimeLimitS = 25.0,
        NemesisIntervalS = 10.0,
        Seed = seed,
        TtlMs = 5000.0,
        Fencing = true,
        PartitionScope = "all",
        PartitionShapes = ["isolate-leader", "halves"],
        Started = new DateTimeOffset(2026, 11, 23, 10, 15, 0, TimeSpan.Zero),
        Versions = new Versions("Redis server v=7.0.15", "10.0.0", "Unix 6.1.0"),
        Command = $"--backend {backend} --nemesis {nemesis} --seed {seed}",
        Rerun = $"dotnet run --project harness -- --backend {backend} --nemesis {nemesis} --nodes 3 --time-limit 25s --seed {seed}",
    };

    /// <summary>Writes a run directory as a run does, with its test.json written by its owner.</summary>
    public static (string Directory, History History, CheckResult Result, string Report) WriteRun(string store, string name, HistoryBuilder history, TestJson testJson)
    {
        var dir = Path.Combine(store, name);
        Directory.CreateDirectory(dir);
        testJson.Write(Path.Combine(dir, StoreLayout.TestFile));
        return WriteRun(store, name, history, (JsonObject?)null);
    }

    /// <summary>
    /// Writes a run directory <paramref name="name"/> into <paramref name="store"/> as a run does
    /// (history, results.json, a log per candidate, report.html, and <paramref name="test"/> as the
    /// test.json of a run from elsewhere, which may hold anything) and returns its parts.
    /// </summary>
    public static (string Directory, History History, CheckResult Result, string Report) WriteRun(string store, string name, HistoryBuilder history, JsonObject? test)
    {
        var dir = Path.Combine(store, name);
        Directory.CreateDirectory(dir);
        var path = history.WriteTo(Path.Combine(dir, "history.jsonl"));
        if (test is not null) File.WriteAllText(Path.Combine(dir, "test.json"), test.ToJsonString());
        var loaded = History.Load(path);
        foreach (var p in loaded.Processes.Where(p => p != "nemesis"))
        {
            Directory.CreateDirectory(Path.Combine(dir, "nodes", p));
            File.WriteAllText(Path.Combine(dir, "nodes", p, "candidate.log"), $"{p} started\n");
        }

        var result = FencedLeaseChecker.Check(loaded);
        ResultsJson.Write(result, Path.Combine(dir, ResultsJson.FileName));
        var report = RunReport.Write(dir, path, loaded, result);
        return (dir, loaded, result, report);
    }

    public static IReadOnlyList<string> Backends { get; } = ["redis", "redlock", "etcd", "etcd-unchecked", "zookeeper", "kubernetes", "raft", "bully", "ring"];

    public static IReadOnlyList<string> Nemeses { get; } = ["none", "partition", "pause", "kill", "clock", "loss", "delay"];
}
