using System.Text.Json;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.TestSupport;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Harness.Tests.Run;

/// <summary>A whole run whose store fills up (a small tmpfs, as root): the harness stops, heals, tears down and says so.</summary>
[Collection(NamespacesCollection.Name)]
public sealed class DiskFullRunTests
{
    [Fact]
    public async Task A_store_that_fills_up_stops_the_run_which_heals_tears_down_and_exits_73_naming_the_prefix()
    {
        using var disk = new Tmpfs("512k");
        disk.Fill(leave: 192 * 1024);
        var store = disk.File("store");

        var run = await HarnessRun.ProcessAsync("--backend", "redis", "--nemesis", "pause", "--nemesis-interval", "1s", "--time-limit", "60s", "--store", store);

        Assert.True(run.ExitCode == 73, $"exit {run.ExitCode}\n{run.Out}\n{run.Error}");
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: the history could not be written (No space left on device", line, StringComparison.Ordinal);
        Assert.Contains("the run was stopped, healed and torn down; its first ", line, StringComparison.Ordinal);
        Assert.Contains("stopping the run, healing the faults and tearing down", run.Out, StringComparison.Ordinal);
        var dir = Directory.GetDirectories(store).Single();
        var prefix = HistoryT.Load(Path.Combine(dir, "history.jsonl"));
        Assert.True(prefix.Operations.Length > 100, $"{prefix.Operations.Length} operations");
        Assert.Contains($"its first {prefix.EventCount} events are in {Path.Combine(dir, "history.jsonl")}", line, StringComparison.Ordinal);
        Assert.Contains(prefix.Operations, o => o.F == "pause");
        var runId = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "test.json"))).RootElement.GetProperty("run_id").GetString()!;
        Assert.Empty((await HarnessRun.HostsOfAsync(runId)).Namespaces);
        Assert.Empty(ProcessesMentioning(dir));
    }

    /// <summary>Processes whose command line names the run directory (its servers and candidates do).</summary>
    private static List<int> ProcessesMentioning(string dir)
    {
        var found = new List<int>();
        foreach (var proc in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid)) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(proc, "cmdline")).Contains(dir, StringComparison.Ordinal)) found.Add(pid);
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return found;
    }
}
