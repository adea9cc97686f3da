using System.Diagnostics;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Nemeses.Delay;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Tests.Runtime;

namespace ElectionJepsen.Harness.Tests.Nemeses;

/// <summary>The delay nemesis's netem path, where the kernel has netem.</summary>
[Collection(NamespacesCollection.Name)]
public class NetemTests
{
    [Fact]
    public void A_profile_becomes_netem_arguments()
    {
        Assert.Equal(
            ["netem", "delay", "100ms", "20ms", "distribution", "normal", "duplicate", "1%", "loss", "2.5%"],
            Netem.Arguments(new DelayProfile(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(20), JitterDistribution.Normal, 0.01, 0.025)));
        Assert.Equal(["netem", "delay", "50ms", "10ms"], Netem.Arguments(new DelayProfile(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(10), JitterDistribution.Uniform)));
    }

    [SkippableFact]
    public async Task Where_the_kernel_has_netem_the_delay_nemesis_uses_it()
    {
        await Packages.EnsureAsync(Prerequisites.Network);
        await using var net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), ["n1", "n2"]);
        Skip.IfNot(await Netem.IsAvailableAsync(net.Hosts[0]), "this kernel has no netem (\"Specified qdisc kind is unknown\"): the delay nemesis uses the NFQUEUE delayer instead, tested in PacketDelayerTests");
        var cluster = new Cluster(net, []);
        var nemesis = new DelayNemesis(new DelayProfile(TimeSpan.FromMilliseconds(300), TimeSpan.Zero));
        using var listener = await Probe.ListenAsync(net.Hosts[1], 7500);

        // Whichever of the two hosts is slowed, the SYN or the SYN-ACK waits.
        var done = await nemesis.StartAsync(cluster, new Random(4), CancellationToken.None);
        var sw = Stopwatch.StartNew();
        var connected = await Probe.CanConnectAsync(net.Hosts[0], net.Hosts[1].Address, 7500, TimeSpan.FromSeconds(5));
        var slowed = sw.Elapsed;
        await nemesis.HealAsync(cluster, CancellationToken.None);

        Assert.Equal("netem", (string)done["via"]!);
        Assert.True(connected);
        Assert.True(slowed >= TimeSpan.FromMilliseconds(250), $"connected in {slowed.TotalMilliseconds} ms");
        Assert.DoesNotContain("netem", await Exec.CheckedAsync("ip", ["netns", "exec", net.Hosts[0].Namespace, "tc", "qdisc", "show", "dev", "eth0"]), StringComparison.Ordinal);
    }
}
