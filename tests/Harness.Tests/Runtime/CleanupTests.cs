using System.Diagnostics;
using System.Text.RegularExpressions;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Tests.Runtime;

[Collection(NamespacesCollection.Name)]
public partial class CleanupTests
{
    [Fact]
    public async Task Cleanup_removes_everything_a_killed_harness_left()
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(typeof(Program).Assembly.Location);
        psi.ArgumentList.Add("hosts");
        psi.ArgumentList.Add("3");
        using var harness = Process.Start(psi)!;
        string? runId = null;
        while (await harness.StandardOutput.ReadLineAsync() is { } line)
        {
            if (RunLine().Match(line) is { Success: true } m) runId = m.Groups[1].Value;
            if (line.StartsWith("holding", StringComparison.Ordinal)) break;
        }

        Assert.NotNull(runId);
        Assert.Equal(4, (await LocalNetwork.ListNamespacesAsync()).Count(n => n.Contains(runId, StringComparison.Ordinal)));
        harness.Kill();
        await harness.WaitForExitAsync();

        var run = await HarnessRun.InProcessAsync("cleanup");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"removed run {runId}: 4 namespaces", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(await LocalNetwork.ListNamespacesAsync(), n => n.Contains(runId, StringComparison.Ordinal));
        Assert.DoesNotContain(runId, await Exec.CheckedAsync("ip", ["link", "show"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cleanup_with_nothing_left_says_so()
    {
        var run = await HarnessRun.InProcessAsync("cleanup");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches("^cleanup: (nothing left by earlier runs|removed run )", run.Out);
    }

    [GeneratedRegex(@"^run ([0-9a-f]{6}):")]
    private static partial Regex RunLine();
}
