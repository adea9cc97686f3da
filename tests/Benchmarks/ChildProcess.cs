using System.Diagnostics;

namespace ElectionJepsen.Benchmarks;

/// <summary>Runs a measurement in a fresh process, so that its time and peak memory are its own.</summary>
internal static class ChildProcess
{
    public static (double Seconds, int Code, string Output) Run(string file, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        sw.Stop();
        return (sw.Elapsed.TotalSeconds, p.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>This benchmark again, in a new process, with <paramref name="arguments"/>.</summary>
    public static (double Seconds, int Code, string Output) Self(params string[] arguments) =>
        Run("dotnet", [typeof(ChildProcess).Assembly.Location, .. arguments]);
}
