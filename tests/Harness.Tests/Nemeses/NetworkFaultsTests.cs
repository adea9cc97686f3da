using ElectionJepsen.Harness.Nemeses.Partition;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Tests.Runtime;

namespace ElectionJepsen.Harness.Tests.Nemeses;

/// <summary>Real iptables rules in real namespaces: what is cut is cut, and heal restores every pair.</summary>
[Collection(NamespacesCollection.Name)]
public class NetworkFaultsTests
{
    private const int Port = 7100;

    private static async Task<Dictionary<(string, string), bool>> ConnectivityAsync(LocalNetwork net)
    {
        var pairs = net.Hosts.SelectMany(a => net.Hosts.Where(b => b != a).Select(b => (a, b))).ToList();
        var results = await Task.WhenAll(pairs.Select(p => Probe.CanConnectAsync(p.a, p.b.Address, Port, TimeSpan.FromMilliseconds(500))));
        return pairs.Zip(results).ToDictionary(x => (x.First.a.Name, x.First.b.Name), x => x.Second);
    }

    [SkippableTheory]
    [InlineData(PartitionShapes.Halves)]
    [InlineData(PartitionShapes.One)]
    [InlineData(PartitionShapes.Bridge)]
    [InlineData(PartitionShapes.MajoritiesRing)]
    [InlineData(PartitionShapes.IsolateLeader)]
    public async Task A_partition_cuts_exactly_its_pairs_and_heal_restores_all(string shape)
    {
        await Packages.EnsureAsync(Prerequisites.Network);
        await using var net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), ["n1", "n2", "n3", "n4", "n5"]);
        var listeners = await Task.WhenAll(net.Hosts.Select(h => Probe.ListenAsync(h, Port)));
        try
        {
            var faults = new NetworkFaults(net);
            var grudge = PartitionShapes.Make(shape, [.. net.Hosts.Select(h => h.Name)], new Random(7), leader: "n2");
            Assert.False(grudge.IsEmpty);
            await faults.PartitionAsync(grudge);
            foreach (var ((a, b), connected) in await ConnectivityAsync(net))
            {
                Assert.True(connected == !grudge.Cuts(a, b), $"{shape}: {a} -> {b} connected={connected}, grudge: {grudge}");
            }

            await faults.HealAsync();
            Assert.All(await ConnectivityAsync(net), kv => Assert.True(kv.Value, $"after heal {kv.Key}"));
        }
        finally
        {
            foreach (var l in listeners) l.Dispose();
        }
    }

    [SkippableFact]
    public async Task Total_loss_cuts_and_heal_restores()
    {
        await Packages.EnsureAsync(Prerequisites.Network);
        await using var net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), ["n1", "n2"]);
        using var listener = await Probe.ListenAsync(net["n2"], Port);
        var faults = new NetworkFaults(net);
        await faults.LoseAsync([net["n2"]], 1.0);
        Assert.False(await Probe.CanConnectAsync(net["n1"], net["n2"].Address, Port, TimeSpan.FromMilliseconds(500)));
        await faults.HealAsync();
        Assert.True(await Probe.CanConnectAsync(net["n1"], net["n2"].Address, Port, TimeSpan.FromSeconds(2)));
    }

    /// <summary>
    /// A host whose namespace was made again comes back bare (emulated here by flushing its
    /// rules): the faults in force are applied to it again, and after heal there are none.
    /// </summary>
    [SkippableFact]
    public async Task The_rules_in_force_are_applied_again_to_a_host_that_came_back_bare()
    {
        await Packages.EnsureAsync(Prerequisites.Network);
        await using var net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), ["n1", "n2", "n3"]);
        using var listener = await Probe.ListenAsync(net["n2"], Port);
        var faults = new NetworkFaults(net);
        await faults.LoseAsync([net["n2"]], 1.0);
        Assert.False(await Probe.CanConnectAsync(net["n1"], net["n2"].Address, Port, TimeSpan.FromMilliseconds(500)));

        await Exec.CheckedAsync("ip", ["netns", "exec", net["n2"].Namespace, "iptables", "-w", "-F"]);
        Assert.True(await Probe.CanConnectAsync(net["n1"], net["n2"].Address, Port, TimeSpan.FromSeconds(2)));
        Assert.Equal(1, await faults.ReapplyAsync(net["n2"]));
        Assert.False(await Probe.CanConnectAsync(net["n1"], net["n2"].Address, Port, TimeSpan.FromMilliseconds(500)));
        Assert.Equal(0, await faults.ReapplyAsync(net["n3"]));

        await faults.HealAsync();
        Assert.Equal(0, await faults.ReapplyAsync(net["n2"]));
        Assert.True(await Probe.CanConnectAsync(net["n1"], net["n2"].Address, Port, TimeSpan.FromSeconds(2)));
    }
}
