using System.Diagnostics;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Tests.Runtime;

/// <summary>Real network namespaces, bridge and veths (needs root, as CI runs).</summary>
[Collection(NamespacesCollection.Name)]
public class LocalNetworkTests
{
    [Fact]
    public async Task Every_host_reaches_every_other_and_removal_leaves_nothing()
    {
        var runId = LocalNetwork.NewRunId();
        string[] names = ["n1", "n2", "n3", "n4", "n5"];
        await using (var net = await LocalNetwork.CreateAsync(runId, names))
        {
            var listeners = await Task.WhenAll(net.Hosts.Select(h => Probe.ListenAsync(h, 7000)));
            try
            {
                foreach (var a in net.Hosts)
                {
                    foreach (var b in net.Hosts.Where(b => b != a))
                    {
                        Assert.True(await Probe.CanConnectAsync(a, b.Address, 7000, TimeSpan.FromSeconds(2)), $"{a} -> {b}");
                    }
                }
            }
            finally
            {
                foreach (var l in listeners) l.Dispose();
            }

            Assert.Equal(6, (await LocalNetwork.ListNamespacesAsync()).Count(n => n.Contains(runId, StringComparison.Ordinal)));
            Assert.True(RunRegistry.IsAlive(runId));
        }

        Assert.DoesNotContain(await LocalNetwork.ListNamespacesAsync(), n => n.Contains(runId, StringComparison.Ordinal));
        Assert.False(RunRegistry.IsAlive(runId));
    }

    [Fact]
    public async Task Hosts_have_no_route_off_the_switch()
    {
        await using var net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), ["n1"]);
        var routes = await Exec.CheckedAsync("ip", ["-n", net.Hosts[0].Namespace, "route", "show"]);
        Assert.DoesNotContain("default", routes, StringComparison.Ordinal);
        Assert.Contains("10.77.0.0/24", routes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reaper_removes_a_dead_runs_namespaces_and_processes_but_not_a_live_run()
    {
        await using var live = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), ["n1"]);

        // A run whose owner is gone: its registry entry names a PID that does not exist.
        var deadId = LocalNetwork.NewRunId();
        var dead = await LocalNetwork.CreateAsync(deadId, ["n1", "n2"]);
        using var sleeper = Process.Start("ip", ["netns", "exec", dead.Hosts[0].Namespace, "sleep", "300"]);
        await Task.Delay(200);
        File.WriteAllText(Path.Combine(RunRegistry.Directory, deadId + ".json"), """{"Pid":999999999,"StartTicks":1}""");

        var reaped = await Reaper.ReapAsync();

        var mine = Assert.Single(reaped, r => r.RunId == deadId);
        Assert.Equal(3, mine.Namespaces.Count);
        Assert.Equal(1, mine.Processes);
        Assert.DoesNotContain(reaped, r => r.RunId == live.RunId);
        Assert.True(sleeper.WaitForExit(5000));
        Assert.DoesNotContain(await LocalNetwork.ListNamespacesAsync(), n => n.Contains(deadId, StringComparison.Ordinal));
        Assert.Contains(await LocalNetwork.ListNamespacesAsync(), n => n.Contains(live.RunId, StringComparison.Ordinal));
    }
}
