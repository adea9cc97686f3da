using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ElectionJepsen.Harness.Nemeses.Partition;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Tests.Runtime;

/// <summary>Real network namespaces, bridge and veths (needs root, as CI runs).</summary>
[Collection(NamespacesCollection.Name)]
public class LocalNetworkTests
{
    [SkippableFact]
    public async Task Every_host_reaches_every_other_and_removal_leaves_nothing()
    {
        await Packages.EnsureAsync(Prerequisites.Network);
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

    [SkippableFact]
    public async Task Hosts_have_no_route_off_the_switch()
    {
        await Packages.EnsureAsync(Prerequisites.Network);
        await using var net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), ["n1"]);
        var routes = await Exec.CheckedAsync("ip", ["-n", net.Hosts[0].Namespace, "route", "show"]);
        Assert.DoesNotContain("default", routes, StringComparison.Ordinal);
        Assert.Contains("10.77.0.0/24", routes, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_host_standing_for_an_outside_server_relays_to_it_by_its_address_and_name_until_cut_off()
    {
        await Packages.EnsureAsync(Prerequisites.Network);
        var outside = RootAddress.Find();
        using var server = new TcpListener(outside, 0);
        server.Start();
        var port = ((IPEndPoint)server.LocalEndpoint).Port;
        var echo = EchoAsync(server);
        var runId = LocalNetwork.NewRunId();
        var hadEtcNetns = Directory.Exists(LocalNetwork.EtcNetns);
        await using (var net = await LocalNetwork.CreateAsync(runId, ["s1", "c1", "c2"], new OutsideServer("s1", outside, "api.cluster.test")))
        {
            await using var relay = await TcpRelay.StartAsync(net["s1"], new IPEndPoint(outside, port));
            Assert.Equal(outside, net["s1"].Address);

            // The name resolves on the hosts, from their own hosts file.
            var resolved = await Exec.CheckedAsync("ip", ["netns", "exec", net["c1"].Namespace, "getent", "hosts", "api.cluster.test"]);
            Assert.StartsWith(outside.ToString(), resolved, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(LocalNetwork.EtcNetns, net["c2"].Namespace, "hosts")));

            Assert.Equal("hello from c1", await SayAsync(net["c1"], outside, port, "hello from c1"));
            Assert.Equal("hello from c2", await SayAsync(net["c2"], outside, port, "hello from c2"));
            Assert.Equal(2, relay.Connections);

            // Cut c1 from the relay's host: c1 no longer reaches the server, c2 still does.
            await new NetworkFaults(net).PartitionAsync(Grudge.Complete([["s1", "c2"], ["c1"]]));
            Assert.False(await Probe.CanConnectAsync(net["c1"], outside, port, TimeSpan.FromSeconds(1)));
            Assert.Equal("still here", await SayAsync(net["c2"], outside, port, "still here"));
        }

        Assert.Empty(Directory.Exists(LocalNetwork.EtcNetns) ? Directory.GetDirectories(LocalNetwork.EtcNetns, $"ej-{runId}-*") : []);

        // A /etc/netns the run made for its hosts files goes with them.
        if (!hadEtcNetns) Assert.False(Directory.Exists(LocalNetwork.EtcNetns));
        server.Stop();
        await echo;
    }

    /// <summary>Answers every connection with what it was sent, until stopped.</summary>
    private static async Task EchoAsync(TcpListener server)
    {
        while (true)
        {
            Socket s;
            try
            {
                s = await server.AcceptSocketAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (s)
                {
                    var buffer = new byte[256];
                    int n;
                    while ((n = await s.ReceiveAsync(buffer)) > 0) await s.SendAsync(buffer.AsMemory(0, n));
                }
            });
        }
    }

    private static Task<string> SayAsync(Host from, IPAddress address, int port, string text) => NetworkNamespace.RunAsync(from.Namespace, () =>
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 5000 };
        s.Connect(new IPEndPoint(address, port));
        s.Send(System.Text.Encoding.UTF8.GetBytes(text));
        var buffer = new byte[256];
        var n = s.Receive(buffer);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, n);
    });

    [SkippableFact]
    public async Task Reaper_removes_a_dead_runs_namespaces_and_processes_but_not_a_live_run()
    {
        await Packages.EnsureAsync(Prerequisites.Network);
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

/// <summary>The machine's own IPv4 address on its network: what an outside server listens on in these tests.</summary>
public static class RootAddress
{
    public static IPAddress Find()
    {
        var found = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == System.Net.NetworkInformation.OperationalStatus.Up)
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a) && !a.ToString().StartsWith("169.254.", StringComparison.Ordinal));
        return found ?? throw new InvalidOperationException("these tests need an IPv4 address on the machine's network (none is up)");
    }
}
