using System.Diagnostics;
using ElectionJepsen.Checkers.FencedLease;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Reports.Html;
using ElectionJepsen.TestSupport;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Benchmarks;

/// <summary>
/// The run report of a 1,000,000-operation history (issue 7: written in under 10 s, under
/// 20 MB): the history is loaded and checked once, then the report is written several times
/// and the median, fastest and slowest are printed with the file's size.
/// </summary>
internal static class ReportBench
{
    public static void Run(string dir, int repeats)
    {
        Directory.CreateDirectory(dir);
        var cases = new (string Name, string Description, Func<GeneratedHistory> Make)[]
        {
            ("lease-1m-10p", "valid, 1,000,000 ops, 10 processes, an epoch every few operations",
                () => HistoryGenerator.Lease(1, new GenOptions(10, 1_000_000) { Concurrency = 2 })),
            ("lease-1m-10p-faults", "the same with 200 stale claims put in (violations to list and zoom into)",
                () => WithFaults(HistoryGenerator.Lease(1, new GenOptions(10, 1_000_000) { Concurrency = 2 }))),
        };
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
        Console.WriteLine($"report.html of a 1,000,000-operation history: the history loaded and checked once, the report written {repeats} times");
        foreach (var (name, description, make) in cases)
        {
            var path = Path.Combine(dir, name + ".jsonl");
            if (!File.Exists(path))
            {
                Console.Error.Write($"making {name} ... ");
                make().WriteTo(path + ".tmp");
                File.Move(path + ".tmp", path);
                Console.Error.WriteLine("done");
            }

            var sw = Stopwatch.StartNew();
            var history = HistoryT.Load(path);
            var load = sw.Elapsed;
            sw.Restart();
            var result = FencedLeaseChecker.Check(history);
            var check = sw.Elapsed;
            var outDir = Path.Combine(dir, "report-" + name);
            Directory.CreateDirectory(outDir);
            var times = new List<double>();
            long size = 0;
            for (var i = 0; i < repeats; i++)
            {
                sw.Restart();
                var report = RunReport.Write(outDir, path, history, result);
                times.Add(sw.Elapsed.TotalSeconds);
                size = new FileInfo(report).Length;
            }

            times.Sort();
            Console.WriteLine($"  {name} ({description}): {history.Operations.Length:N0} operations, {result.Violations.Count:N0} violations, {result.Failover?.Count ?? 0:N0} leaderless windows");
            Console.WriteLine($"    load {load.TotalSeconds:0.00} s, check {check.TotalSeconds:0.00} s; report {times[times.Count / 2]:0.00} s median ({times[0]:0.00} to {times[^1]:0.00}), {size / 1e6:0.00} MB ({size:N0} bytes)");
        }
    }

    /// <summary>
    /// Turns up to <paramref name="count"/> refused claims into stale ones: a process claims the
    /// token of its own earlier grant after a larger token's grant completed (found in one
    /// sorted pass, as the tests' quadratic corruption would not finish on a million operations).
    /// </summary>
    private static GeneratedHistory WithFaults(GeneratedHistory h, int count = 200)
    {
        var grants = h.Ops.Where(o => o is { F: "acquire", Outcome: GenOutcome.Ok } && o.Output.Token is not null).OrderBy(o => o.Complete).ToList();
        var claims = h.Ops.Where(o => o is { F: "claim", Outcome: GenOutcome.Ok } && o.Output.Leader == false).OrderBy(o => o.Invoke).ToList();
        var random = new Random(11);
        var lastOwn = new Dictionary<string, long>();
        long largest = 0;
        var g = 0;
        var made = 0;
        foreach (var claim in claims)
        {
            while (g < grants.Count && grants[g].Complete < claim.Invoke)
            {
                var token = grants[g].Output.Token!.Value;
                lastOwn[grants[g].Process] = token;
                largest = Math.Max(largest, token);
                g++;
            }

            if (made < count && lastOwn.TryGetValue(claim.Process, out var own) && own < largest && random.NextDouble() < 0.01)
            {
                claim.Output = OpValue.Claim(true, own);
                made++;
            }
        }

        return h;
    }
}
