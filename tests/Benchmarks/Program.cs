using System.Diagnostics;
using System.Globalization;
using ElectionJepsen.Benchmarks;
using ElectionJepsen.Checkers.Linearizability;
using ElectionJepsen.Checkers.Results;
using HistoryT = ElectionJepsen.Checkers.History.History;

// The checker benchmarks of issue 2. Each measurement runs in a fresh process so that
// its time and peak memory are its own:
//   dotnet run -c Release --project tests/Benchmarks -- [DIR]
// makes the histories once (in DIR, default /tmp/ej-bench), then prints one row per case.
//   dotnet run -c Release --project tests/Benchmarks -- runtime [REPEATS]
// times making and removing hosts and applying and healing partitions (as root).
//   dotnet run -c Release --project tests/Benchmarks -- delay [SECONDS]
// measures the NFQUEUE delayer: the round trip it adds and the packets per second through it (as root).
//   dotnet run -c Release --project tests/Benchmarks -- report [DIR] [REPEATS]
// times writing report.html for 1,000,000-operation histories and prints its size.
//   dotnet run -c Release --project tests/Benchmarks -- goals [DIR]
// checks the long-open shapes (one operation open all history, a storm of acquires) and
// the same histories without the long operation, and prints the search's goal table.
//   dotnet run -c Release --project tests/Benchmarks -- etcd LOGDIR [HARNESS]
// checks Jepsen's etcd histories (Porcupine's test_data/jepsen) in one call; see EtcdBench.
if (args.Length >= 1 && args[0] == "runtime")
{
    await RuntimeBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10);
    return 0;
}

if (args.Length >= 1 && args[0] == "delay")
{
    await DelayBench.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3);
    return 0;
}

if (args.Length >= 2 && args[0] == "etcd")
{
    return EtcdBench.Run(args[1], args.Length > 2 ? args[2] : null);
}

if (args.Length >= 1 && args[0] == "report")
{
    ReportBench.Run(args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "ej-bench"), args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5);
    return 0;
}

if (args.Length >= 1 && args[0] == "goals")
{
    return GoalBench.Run(args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "ej-bench"));
}

if (args.Length >= 6 && args[0] == "--check")
{
    return GoalBench.CheckOnce(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), args[4], args[5] == "on");
}

if (args.Length >= 3 && args[0] == "--search")
{
    return SearchOnce(args[1], args[2], args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 60);
}

var dir = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "ej-bench");
Directory.CreateDirectory(dir);
foreach (var c in HistoryCase.All)
{
    if (File.Exists(c.Path(dir))) continue;
    var sw = Stopwatch.StartNew();
    Console.Error.Write($"making {c.Name} ... ");
    var tmp = c.Path(dir) + ".tmp";
    File.Delete(tmp);
    c.Make().WriteTo(tmp);
    File.Move(tmp, c.Path(dir));
    Console.Error.WriteLine($"{sw.Elapsed.TotalSeconds:0.0} s, {new FileInfo(c.Path(dir)).Length / 1e6:0} MB");
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine();
Console.WriteLine("end to end: `ElectionJepsen.Harness check FILE` as a new process (start, read, check, write results.json)");
var harness = HarnessDll();
foreach (var search in new[] { "off", "on" })
{
    var c = HistoryCase.All[0];
    var outDir = Path.Combine(dir, "out-" + search);
    var (seconds, code, output) = ChildProcess.Run("dotnet", [harness, "check", c.Path(dir), "--search", search, "--out", outDir, "--time-limit", "60s"]);
    var searchLine = output.Split('\n').FirstOrDefault(l => l.StartsWith("search", StringComparison.Ordinal))?.Trim();
    Console.WriteLine($"  {c.Description}, --search {search}: {seconds:0.00} s wall, exit {code}{(searchLine is null ? string.Empty : "; " + searchLine)}");
}

Console.WriteLine();
Console.WriteLine("search alone: load the history, then time the linearizability search; memory is the peak resident size during the search");
foreach (var c in HistoryCase.All.Skip(1))
{
    var (_, code, output) = ChildProcess.Self("--search", c.Path(dir), c.Model);
    Console.WriteLine($"  {c.Description}: {output.Trim()}{(code == 0 ? string.Empty : $" (exit {code})")}");
}

return 0;

static int SearchOnce(string path, string model, double limitSeconds)
{
    var history = HistoryT.Load(path);
    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    var before = Memory.CurrentBytes();
    Memory.ResetPeak();
    var sw = Stopwatch.StartNew();
    var r = LinearizabilityChecker.Check(history, model, new SearchLimits(TimeSpan.FromSeconds(limitSeconds), 1L << 30));
    sw.Stop();
    var peak = Memory.PeakBytes();
    var verdict = r.Valid switch { Validity.True => "valid", Validity.False => "invalid", _ => "unknown" };
    Console.WriteLine($"{verdict} in {sw.Elapsed.TotalSeconds:0.000} s, search memory {(peak - before) / 1e6:0} MB (process peak {peak / 1e6:0} MB), {r.Search?.MemoEntries:N0} memo entries, {r.Search?.Operations:N0} of {history.Operations.Length:N0} operations reached the search");
    return 0;
}

static string HarnessDll()
{
    var dir = AppContext.BaseDirectory;
    var config = dir.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
    var root = Path.GetFullPath(Path.Combine(dir, "..", "..", "..", "..", ".."));
    var dll = Path.Combine(root, "harness", "bin", config, "net10.0", "ElectionJepsen.Harness.dll");
    return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the harness first ({config}): {dll}");
}
