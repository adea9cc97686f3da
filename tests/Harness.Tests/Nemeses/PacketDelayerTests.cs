using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ElectionJepsen.Harness.Nemeses.Delay;
using ElectionJepsen.Harness.Nemeses.Delay.Nfqueue;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Nemeses;

/// <summary>
/// The NFQUEUE delayer on real namespaces (as root, with libnetfilter_queue installed the
/// way a run installs it): what a probe inside the hosts sees.
/// </summary>
[Collection(NamespacesCollection.Name)]
public sealed class PacketDelayerTests : IAsyncLifetime
{
    private const int Port = 7300;
    private readonly TempDir _dir = new();
    private LocalNetwork _net = null!;
    private NfqueueDelay _delay = null!;

    private Host Slow => _net.Hosts[0];

    private Host Other => _net.Hosts[1];

    public async Task InitializeAsync()
    {
        await Packages.EnsureAsync([.. Prerequisites.Network, NfqueueDelay.Library]);
        _net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), ["n1", "n2"]);
        _delay = new NfqueueDelay(_net.RunId, _dir.Path);
    }

    public async Task DisposeAsync()
    {
        if (_net is null)
        {
            _dir.Dispose(); // skipped: nothing else was made
            return;
        }

        await _delay.HealAsync(CancellationToken.None);
        await _net.DisposeAsync();
        _dir.Dispose();
    }

    [SkippableFact]
    public async Task A_tcp_round_trip_from_a_slowed_host_takes_the_delay_and_heal_restores_it()
    {
        using var echo = await EchoServer.StartAsync(Other, Port);
        using var client = await ConnectAsync();
        var before = await MedianRoundTripAsync(client, 20);

        await _delay.StartAsync([Slow], new DelayProfile(TimeSpan.FromMilliseconds(100), TimeSpan.Zero), 1, CancellationToken.None);
        var slowed = await MedianRoundTripAsync(client, 50);
        await _delay.HealAsync(CancellationToken.None);
        var after = await MedianRoundTripAsync(client, 20);

        Assert.InRange(slowed.TotalMilliseconds, 100, 130);
        Assert.True(before < TimeSpan.FromMilliseconds(20), $"before the delay: {before.TotalMilliseconds} ms");
        Assert.True(after < TimeSpan.FromMilliseconds(20), $"after the heal: {after.TotalMilliseconds} ms");
        Assert.Empty(_delay.Delayers);
        var rules = await Exec.CheckedAsync("ip", ["netns", "exec", Slow.Namespace, "iptables", "-w", "-S", "OUTPUT"]);
        Assert.DoesNotContain("NFQUEUE", rules, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Jitter_reorders_datagrams_and_none_is_lost()
    {
        var received = await SendDatagramsAsync(new DelayProfile(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20), JitterDistribution.Uniform), 200);

        Assert.Equal(Enumerable.Range(0, 200), received.Order());
        var overtaken = received.Zip(received.Skip(1)).Count(p => p.Second < p.First);
        Assert.True(overtaken > 5, $"{overtaken} datagrams arrived before one sent earlier");
    }

    [SkippableFact]
    public async Task Duplication_sends_about_the_share_asked_for_twice()
    {
        var received = await SendDatagramsAsync(new DelayProfile(TimeSpan.FromMilliseconds(5), TimeSpan.Zero, Duplicate: 0.5), 200);

        Assert.Equal(Enumerable.Range(0, 200), received.Distinct().Order());
        var twice = received.Count - 200;
        Assert.InRange(twice, 60, 140);
    }

    [SkippableFact]
    public async Task Packets_held_when_the_delayer_stops_are_released_not_dropped()
    {
        using var receiver = await UdpOn(Other);
        using var sender = await UdpOn(Slow);
        await _delay.StartAsync([Slow], new DelayProfile(TimeSpan.FromSeconds(30), TimeSpan.Zero), 1, CancellationToken.None);
        for (var i = 0; i < 10; i++) await sender.SendToAsync(BitConverter.GetBytes(i), new IPEndPoint(Other.Address, Port));
        await Task.Delay(300);

        await _delay.HealAsync(CancellationToken.None);
        var got = await ReceiveAsync(receiver, TimeSpan.FromSeconds(5));

        Assert.Equal(Enumerable.Range(0, 10), got.Order());
    }

    private async Task<List<int>> SendDatagramsAsync(DelayProfile profile, int count)
    {
        using var receiver = await UdpOn(Other);
        using var sender = await UdpOn(Slow);
        await _delay.StartAsync([Slow], profile, 7, CancellationToken.None);

        // Receive while sending: a socket's buffer would overflow with hundreds of datagrams.
        var receiving = ReceiveAsync(receiver, profile.Delay + (profile.Jitter * 4) + TimeSpan.FromSeconds(1));
        for (var i = 0; i < count; i++)
        {
            await sender.SendToAsync(BitConverter.GetBytes(i), new IPEndPoint(Other.Address, Port));
            await Task.Delay(1);
        }

        var got = await receiving;
        await _delay.HealAsync(CancellationToken.None);
        return got;
    }

    private static async Task<List<int>> ReceiveAsync(Socket receiver, TimeSpan quiet)
    {
        var got = new List<int>();
        var buffer = new byte[64];
        while (true)
        {
            using var limit = new CancellationTokenSource(quiet);
            try
            {
                var n = await receiver.ReceiveAsync(buffer, limit.Token);
                if (n == 4) got.Add(BitConverter.ToInt32(buffer));
            }
            catch (OperationCanceledException)
            {
                return got;
            }
        }
    }

    private Task<Socket> UdpOn(Host host) => NetworkNamespace.RunAsync(host.Namespace, () =>
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(host.Address, host == Other ? Port : 0));
        return s;
    });

    private async Task<Socket> ConnectAsync()
    {
        var s = await NetworkNamespace.RunAsync(Slow.Namespace, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
        await s.ConnectAsync(new IPEndPoint(Other.Address, Port));
        return s;
    }

    private static async Task<TimeSpan> MedianRoundTripAsync(Socket client, int probes)
    {
        var times = new List<TimeSpan>();
        var one = new byte[1];
        for (var i = 0; i < probes; i++)
        {
            var sw = Stopwatch.StartNew();
            await client.SendAsync(one);
            if (await client.ReceiveAsync(one) != 1) throw new IOException("the echo server closed");
            times.Add(sw.Elapsed);
        }

        return times.Order().ElementAt(probes / 2);
    }

    /// <summary>Echoes every byte back, on one host.</summary>
    private sealed class EchoServer(Socket listener) : IDisposable
    {
        public static async Task<EchoServer> StartAsync(Host host, int port)
        {
            var listener = await Probe.ListenAsync(host, port);
            var server = new EchoServer(listener);
            _ = server.ServeAsync();
            return server;
        }

        public void Dispose() => listener.Dispose();

        private async Task ServeAsync()
        {
            try
            {
                using var s = await listener.AcceptAsync();
                s.NoDelay = true;
                var buffer = new byte[256];
                int n;
                while ((n = await s.ReceiveAsync(buffer)) > 0) await s.SendAsync(buffer.AsMemory(0, n));
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
