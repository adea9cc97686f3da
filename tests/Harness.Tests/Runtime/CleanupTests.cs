using System.Diagnostics;
using System.Text.RegularExpressions;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Tests.Runtime;

[Collection(NamespacesCollection.Name)]
public partial class CleanupTests
{
    [SkippableFact]
    public async Task Cleanup_removes_everything_a_killed_harness_left()
    {
        await Packages.EnsureAsync(Prerequisites.Network);
        Orphans.Adopt();
        using var harness = HarnessRun.Start("hosts", "3", "--redis", "--partition", "halves");
        string? runId = null;
        while (await harness.StandardOutput.ReadLineAsync() is { } line)
        {
            if (RunLine().Match(line) is { Success: true } m) runId = m.Groups[1].Value;
            if (line.StartsWith("holding", StringComparison.Ordinal)) break;
        }

        Assert.NotNull(runId);
        var (namespaces, pids) = await HarnessRun.HostsOfAsync(runId);
        Assert.Equal(4, namespaces.Count);
        Assert.Equal(3, pids.Count);
        Assert.Contains("DROP", await Exec.CheckedAsync("ip", ["netns", "exec", namespaces.First(n => !n.EndsWith("-sw", StringComparison.Ordinal)), "iptables", "-S"]), StringComparison.Ordinal);
        harness.Kill();
        await harness.WaitForExitAsync();
        Assert.All(pids, pid => Assert.True(Signals.IsRunning(pid), "the servers outlive the killed harness"));

        var run = await HarnessRun.InProcessAsync("cleanup");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"removed run {runId}: 4 namespaces", run.Out, StringComparison.Ordinal);
        Assert.Contains("3 processes killed, temporary files", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(await LocalNetwork.ListNamespacesAsync(), n => n.Contains(runId, StringComparison.Ordinal));
        Assert.DoesNotContain(runId, await Exec.CheckedAsync("ip", ["link", "show"]), StringComparison.Ordinal);
        await Task.Delay(200);
        Assert.All(pids, pid => Assert.False(Signals.IsRunning(pid)));
        Orphans.Reap(pids);
        Assert.Empty(Directory.EnumerateDirectories(Path.GetTempPath(), $"ej-{runId}-*"));
    }

    [SkippableFact]
    public async Task Cleanup_with_nothing_left_says_so()
    {
        await Packages.EnsureAsync(Prerequisites.Network);
        var run = await HarnessRun.InProcessAsync("cleanup");
        Assert.Equal(0, run.ExitCode);
        Assert.Matches("^cleanup: (nothing left by earlier runs|removed run )", run.Out);
    }

    [GeneratedRegex(@"^run ([0-9a-f]{6}):")]
    private static partial Regex RunLine();
}
