using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace ElectionJepsen.Benchmarks;

/// <summary>
/// Many histories in one call: Jepsen's etcd histories, as Porcupine keeps them for its tests
/// (test_data/jepsen/etcd_NNN.log of anishathalye/porcupine; another project's data, so never
/// committed here), converted into a temporary folder, then one <c>check DIR --model
/// cas-register</c> timed as a new process; the verdicts compared with those Porcupine's test
/// expects. Also the start-up: the median of ten checks of a three-line history.
///   dotnet run -c Release --project tests/Benchmarks -- etcd LOGDIR [HARNESS]
/// HARNESS is a published harness executable (ReadyToRun, NativeAOT) to time instead of the built one;
/// EJ_BENCH_KEEP=1 keeps the converted histories and their results.
/// </summary>
public static class EtcdBench
{
    /// <summary>The logs Porcupine's test expects not to be linearizable; every other one is.</summary>
    private static readonly HashSet<int> NotLinearizable =
    [
        0, 1, 3, 4, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 21, 22, 23, 24, 26, 27, 28, 29, 30,
        32, 33, 34, 35, 36, 37, 39, 40, 41, 42, 43, 44, 46, 47, 50, 52, 54, 55, 57, 58, 59, 60, 61, 62, 63,
        64, 65, 66, 68, 69, 70, 71, 72, 73, 74, 77, 78, 79, 81, 82, 83, 84, 85, 86, 88, 89, 90, 91, 93, 94,
        96, 97, 99,
    ];

    public static int Run(string logDirectory, string? harness)
    {
        var logs = Directory.GetFiles(logDirectory, "etcd_*.log").Order(StringComparer.Ordinal).ToList();
        if (logs.Count == 0) throw new FileNotFoundException($"no etcd_*.log in {logDirectory}");
        var work = Path.Combine(Path.GetTempPath(), "ej-etcd-" + Environment.ProcessId);
        var histories = Path.Combine(work, "histories");
        Directory.CreateDirectory(histories);
        try
        {
            foreach (var log in logs) JepsenLog.ConvertEtcd(log, Path.Combine(histories, Path.GetFileNameWithoutExtension(log) + ".jsonl"));
            var (file, prefix) = harness is null ? ("dotnet", new[] { HarnessDll() }) : (harness, []);
            Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; harness: {harness ?? prefix[0]}");
            Console.WriteLine(StartUp(file, prefix, work));
            var outDir = Path.Combine(work, "out");
            var (seconds, code, output) = Process(file, [.. prefix, "check", histories, "--model", "cas-register", "--out", outDir]);
            var totals = output.Split('\n').FirstOrDefault(l => l.StartsWith("checked", StringComparison.Ordinal))?.Trim();
            Console.WriteLine($"{logs.Count} etcd histories, one `check DIR --model cas-register`: {seconds:0.000} s wall, exit {code} (goal: < 1.5 s)");
            Console.WriteLine($"  {totals}");
            Console.WriteLine($"  {Agreement(logs, outDir)}");
            return 0;
        }
        finally
        {
            if (Environment.GetEnvironmentVariable("EJ_BENCH_KEEP") is null) Directory.Delete(work, recursive: true);
            else Console.WriteLine($"kept {work}");
        }
    }

    private static string StartUp(string file, string[] prefix, string work)
    {
        var tiny = Path.Combine(work, "start-up", "history.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(tiny)!);
        File.WriteAllLines(tiny,
        [
            """{"index":0,"time":0,"process":"c1","type":"invoke","f":"acquire"}""",
            """{"index":1,"time":5,"process":"c1","type":"ok","f":"acquire","value":{"token":1}}""",
            """{"index":2,"time":6,"process":"c1","type":"invoke","f":"claim"}""",
        ]);
        var times = Enumerable.Range(0, 10).Select(_ => Process(file, [.. prefix, "check", tiny, "--search", "off"]).Seconds).Order().ToList();
        return $"start-up: `check` of a 3-line history, median of 10: {(times[4] + times[5]) / 2:0.000} s (min {times[0]:0.000}, max {times[^1]:0.000})";
    }

    /// <summary>How many verdicts agree with Porcupine's expectations, and which do not.</summary>
    private static string Agreement(List<string> logs, string outDir)
    {
        var disagree = new List<string>();
        foreach (var log in logs)
        {
            var name = Path.GetFileNameWithoutExtension(log);
            var number = int.Parse(name["etcd_".Length..], CultureInfo.InvariantCulture);
            var results = Path.Combine(outDir, name + ".results.json");
            var valid = File.Exists(results) ? JsonDocument.Parse(File.ReadAllText(results)).RootElement.GetProperty("valid") : default;
            var ours = valid.ValueKind switch { JsonValueKind.True => "linearizable", JsonValueKind.False => "not linearizable", JsonValueKind.String => "unknown", _ => "no results" };
            var expected = NotLinearizable.Contains(number) ? "not linearizable" : "linearizable";
            if (ours != expected) disagree.Add($"{name}: {ours}, Porcupine {expected}");
        }

        return $"agreement with Porcupine: {logs.Count - disagree.Count} of {logs.Count}" + (disagree.Count == 0 ? string.Empty : $"; differ: {string.Join("; ", disagree)}");
    }

    private static (double Seconds, int Code, string Output) Process(string file, string[] arguments)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var p = System.Diagnostics.Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        clock.Stop();
        return (clock.Elapsed.TotalSeconds, p.ExitCode, stdout.Result + stderr.Result);
    }

    private static string HarnessDll()
    {
        var dir = AppContext.BaseDirectory;
        var config = dir.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var root = Path.GetFullPath(Path.Combine(dir, "..", "..", "..", "..", ".."));
        var dll = Path.Combine(root, "harness", "bin", config, "net10.0", "ElectionJepsen.Harness.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"build the harness first ({config}): {dll}");
    }
}
