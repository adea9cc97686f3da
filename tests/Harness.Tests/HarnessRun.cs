using System.Diagnostics;
using ElectionJepsen.Harness.Runtime;

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

    /// <summary>
    /// Asserts that <paramref name="arguments"/> (split at spaces; a word under examples/ taken
    /// in the repository) is a usage error: exit 64 and one line, beginning with <paramref name="error"/>.
    /// </summary>
    public static async Task AssertUsageErrorAsync(string arguments, string error)
    {
        var run = await InProcessAsync([.. arguments.Split(' ').Select(a => a.StartsWith("examples/", StringComparison.Ordinal) ? TestSupport.Repository.Path(a) : a), "--store", Path.GetTempPath()]);

        Assert.Equal(64, run.ExitCode);
        Assert.StartsWith("error: " + error, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Runs the built harness as its own process, as a user would.</summary>
    public static async Task<HarnessRun> ProcessAsync(params string[] args)
    {
        using var p = Start(args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return new HarnessRun(p.ExitCode, await stdout, await stderr);
    }

    /// <summary>
    /// Starts the built harness as its own process, output redirected, with SIGINT's default
    /// disposition: a shell without job control starts its background commands with SIGINT
    /// ignored, that is inherited, and under such a CI the harness would never see a Ctrl-C.
    /// env puts the default back, as a terminal's foreground job has it, and execs in place
    /// (the process's PID is the harness's).
    /// </summary>
    public static Process Start(params string[] args)
    {
        var psi = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["--default-signal=INT", "dotnet", typeof(Program).Assembly.Location, .. args]) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    /// <summary>The namespaces of run <paramref name="runId"/> and the processes in them.</summary>
    public static async Task<(List<string> Namespaces, List<int> Pids)> HostsOfAsync(string runId)
    {
        var namespaces = (await LocalNetwork.ListNamespacesAsync()).Where(n => n.Contains(runId, StringComparison.Ordinal)).ToList();
        var pids = new List<int>();
        foreach (var ns in namespaces) pids.AddRange((await Exec.CheckedAsync("ip", ["netns", "pids", ns])).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
        return (namespaces, pids);
    }
}
