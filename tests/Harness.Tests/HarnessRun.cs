using System.Diagnostics;

namespace ElectionJepsen.Harness.Tests;

/// <summary>What a harness command printed and how it exited.</summary>
public sealed record HarnessRun(int ExitCode, string Out, string Error)
{
    /// <summary>Runs the command line in this process, output captured.</summary>
    public static async Task<HarnessRun> InProcessAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await Program.RunAsync(args, stdout, stderr);
        return new HarnessRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the built harness as its own process, as a user would.</summary>
    public static async Task<HarnessRun> ProcessAsync(params string[] args)
    {
        var dll = typeof(Program).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return new HarnessRun(p.ExitCode, await stdout, await stderr);
    }
}
