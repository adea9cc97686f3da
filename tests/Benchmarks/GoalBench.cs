using System.Diagnostics;
using System.Globalization;
using ElectionJepsen.Checkers.Checking;
using ElectionJepsen.Checkers.Linearizability;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Harness.Verbs.Check;
using ElectionJepsen.TestSupport;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Benchmarks;

/// <summary>
/// The search's goals on the long-open shapes: each history checked as <c>check</c> checks it
/// (for fenced-lease the fast path and the search beside it), in a fresh process that reports
/// its time since it started and its peak resident size; then one row per goal.
/// </summary>
internal static class GoalBench
{
    private const int Seed = 11;
    private static readonly int[] MutexSizes = [5_000, 10_000, 20_000, 40_000];

    private static IEnumerable<HistoryCase> Cases()
    {
        foreach (var n in MutexSizes)
        {
            yield return new($"mutex-{n / 1000}k", "mutex", $"blocking mutex, {n:N0} ops", () => HistoryGenerator.BlockingMutex(Seed, new GenOptions(10, n)));
            yield return new($"mutex-{n / 1000}k-starved", "mutex", $"the same, one acquire open all history, granted last", () => HistoryGenerator.StarvedMutex(Seed, new GenOptions(10, n), LongOpenEnd.OkLast));
        }

        yield return new("mutex-40k-open", "mutex", "the same 40k, one acquire open all history, never completed", () => HistoryGenerator.StarvedMutex(Seed, new GenOptions(10, 40_000), LongOpenEnd.Open));
        yield return new("mutex-40k-ok", "mutex", "mutex, 40,000 ops, every one ok", () => HistoryGenerator.Mutex(Seed, new GenOptions(10, 40_000)));
        yield return new("mutex-40k-info", "mutex", "mutex, 40,000 ops, a tenth indeterminate (timeouts: open until the end of time)", () => HistoryGenerator.Mutex(Seed, new GenOptions(10, 40_000) { InfoRate = 0.1 }));
        yield return HistoryCase.All[0];
        yield return new("lease-1m-10p-campaign", "fenced-lease", "the same 1M lease, one acquire open all run winning the top token", () => HistoryGenerator.LongCampaignLease(1, new GenOptions(10, 1_000_000) { Concurrency = 2 }));
        yield return new("storm-200", "fenced-lease", "a storm of 200 concurrent acquires", () => HistoryGenerator.AcquireStorm(Seed, 200));
    }

    public static int Run(string dir)
    {
        Directory.CreateDirectory(dir);
        var cases = Cases().ToList();
        foreach (var c in cases.Where(c => !File.Exists(c.Path(dir))))
        {
            Console.Error.Write($"making {c.Name} ... ");
            var tmp = c.Path(dir) + ".tmp";
            c.Make().WriteTo(tmp);
            File.Move(tmp, c.Path(dir), overwrite: true);
            Console.Error.WriteLine("done");
        }

        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine("each: a fresh process loads the history and checks it as `check` does (default options, 30 s time limit); time since the process started, peak resident size of the process");
        var m = new Dictionary<string, Measure>();
        foreach (var c in cases) m[c.Name] = Check(c, dir, 1024, "30s");
        m["storm-200@256"] = Check(cases[^1], dir, 256, "10s");
        m["storm-200@4096"] = Check(cases[^1], dir, 4096, "10s");
        m["lease-off"] = Check(HistoryCase.All[0], dir, 1024, "30s", search: "off");
        m["campaign-off"] = Check(cases[^2], dir, 1024, "30s", search: "off");

        var rows = new List<(string Goal, string Figure, string Target, bool Met)>();
        foreach (var n in MutexSizes)
        {
            var (plain, starved) = (m[$"mutex-{n / 1000}k"], m[$"mutex-{n / 1000}k-starved"]);
            rows.Add(($"mutex {n / 1000}k, starved acquire vs without", $"{starved.Seconds:0.00} s / {starved.PeakMb:0} MB vs {plain.Seconds:0.00} s: {starved.Seconds / plain.Seconds:0.00}x", "<= 2x", starved.Seconds <= 2 * plain.Seconds && starved.Verdict == "valid"));
        }

        var s40 = m["mutex-40k-starved"];
        rows.Add(("starved mutex 40k", $"{s40.Seconds:0.00} s ({s40.Verdict})", "< 1 s", s40.Seconds < 1 && s40.Verdict == "valid"));
        var (p40, o40) = (m["mutex-40k"], m["mutex-40k-open"]);
        rows.Add(("mutex 40k, acquire never completed vs without", $"{o40.Seconds:0.00} s vs {p40.Seconds:0.00} s: {o40.Seconds / p40.Seconds:0.00}x", "<= 2x", o40.Seconds <= 2 * p40.Seconds && o40.Verdict == "valid"));
        var (ok40, info40) = (m["mutex-40k-ok"], m["mutex-40k-info"]);
        rows.Add(("mutex 40k, a tenth indeterminate vs all ok", $"{info40.Seconds:0.00} s / {info40.PeakMb:0} MB vs {ok40.Seconds:0.00} s: {info40.Seconds / ok40.Seconds:0.00}x ({info40.Verdict})", "<= 2x", info40.Seconds <= 2 * ok40.Seconds && info40.Verdict == "valid"));
        var (lease, campaign) = (m[HistoryCase.All[0].Name], m["lease-1m-10p-campaign"]);
        rows.Add(("fenced-lease 1M, long campaign: default check", $"{campaign.Seconds:0.00} s ({campaign.Verdict}; {campaign.Search})", "< 4 s", campaign.Seconds < 4 && campaign.Verdict == "valid"));
        rows.Add(("fenced-lease 1M, long campaign: peak", $"{campaign.PeakMb:0} MB", "< 1 GB", campaign.PeakMb < 1000));
        rows.Add(("fenced-lease 1M, long campaign vs without", $"{campaign.Seconds:0.00} s vs {lease.Seconds:0.00} s: {campaign.Seconds / lease.Seconds:0.00}x", "<= 2x", campaign.Seconds <= 2 * lease.Seconds));
        var (leaseOff, campaignOff) = (m["lease-off"], m["campaign-off"]);
        rows.Add(("fenced-lease 1M, long campaign: what the search adds to --search off", $"{campaign.Seconds:0.00} s / {campaign.PeakMb:0} MB vs {campaignOff.Seconds:0.00} s / {campaignOff.PeakMb:0} MB (without the campaign: {lease.Seconds:0.00} s vs {leaseOff.Seconds:0.00} s off)", "search hidden beside the fast path (<= 1.25x)", campaign.Seconds <= 1.25 * campaignOff.Seconds));
        foreach (var (name, budget) in new[] { ("storm-200@256", 256), ("storm-200", 1024), ("storm-200@4096", 4096) })
        {
            var s = m[name];
            var added = s.PeakMb - s.LoadedMb;
            rows.Add(($"storm of 200 acquires, --memory-limit-mb {budget}", $"peak {s.PeakMb:0} MB, {added:0} MB over the loaded history ({s.Verdict}, exit {s.Code}; {s.Search})", $"<= {budget} MiB + 64", s.Code is 0 or 2 && added <= (budget + 64) * 1.048576));
        }

        Console.WriteLine();
        Console.WriteLine("| goal | figure | target | met |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var r in rows) Console.WriteLine($"| {r.Goal} | {r.Figure} | {r.Target} | {(r.Met ? "yes" : "NO")} |");
        return 0;
    }

    private sealed record Measure(string Verdict, double Seconds, double PeakMb, double LoadedMb, string Search, int Code);

    private static Measure Check(HistoryCase c, string dir, int memoryMiB, string timeLimit, string search = "on")
    {
        var (wall, code, output) = ChildProcess.Self("--check", c.Path(dir), c.Model, memoryMiB.ToString(CultureInfo.InvariantCulture), timeLimit, search);
        var fields = output.Split('\n').FirstOrDefault(l => l.StartsWith("verdict=", StringComparison.Ordinal))?.Split('\t')
            .Select(f => f.Split('=', 2)).ToDictionary(f => f[0], f => f[1]);
        if (fields is null) return new Measure($"failed: {output.Trim()}", wall, 0, 0, string.Empty, code);
        var m = new Measure(fields["verdict"], Number(fields["seconds"]), Number(fields["peak_mb"]), Number(fields["loaded_mb"]), fields["search"], code);
        Console.WriteLine($"  {c.Description} (--search {search}, --memory-limit-mb {memoryMiB}): {m.Verdict} in {m.Seconds:0.000} s ({wall:0.00} s wall), peak {m.PeakMb:0} MB, {m.LoadedMb:0} MB once loaded; search: {m.Search}");
        return m;
    }

    private static double Number(string s) => double.Parse(s, CultureInfo.InvariantCulture);

    /// <summary>The child: loads and checks one history, then prints one line of figures.</summary>
    public static int CheckOnce(string path, string model, int memoryMiB, string timeLimit, bool searchOn)
    {
        var history = HistoryT.Load(path);
        var loaded = Memory.CurrentBytes();
        var settings = new CheckSettings(model, new SearchLimits(ElectionJepsen.Harness.Cli.DurationOption.Parse("--time-limit", timeLimit), memoryMiB * (1L << 20)), searchOn);
        var r = ComposedChecker.Check(history, settings, CancellationToken.None);
        var seconds = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalSeconds;
        var verdict = r.Valid switch { Validity.True => "valid", Validity.False => "invalid", _ => "unknown" };
        var search = r.Search is { } s
            ? $"{(s.Valid == Validity.True ? "linearizable" : s.Valid == Validity.False ? "not linearizable" : "unknown: " + s.UnknownReason)} in {s.ElapsedMs / 1000.0:0.00} s, {s.MemoEntries:N0} memo entries"
            : "none";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"verdict={verdict}\tseconds={seconds:0.000}\tpeak_mb={Memory.PeakBytes() / 1e6:0}\tloaded_mb={loaded / 1e6:0}\tsearch={search}"));
        return r.Valid.ExitCode();
    }
}
