using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ElectionJepsen.Harness.Nemeses.Delay;
using ElectionJepsen.Harness.Nemeses.Delay.Nfqueue;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Benchmarks;

/// <summary>
/// What the NFQUEUE delayer costs (needs root): the round trip it adds at zero configured
/// delay, and the packets per second that get through a slowed host with and without it.
/// </summary>
internal static class DelayBench
{
    private const int Port = 7400;

    public static async Task RunAsync(int seconds)
    {
        await Prerequisites.EnsureAsync("delay benchmark", [.. Prerequisites.Network, NfqueueDelay.Library], Console.Out);
        await using var net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), ["n1", "n2"]);
        var dir = Directory.CreateTempSubdirectory($"ej-{net.RunId}-");
        var (from, to) = (net.Hosts[0], net.Hosts[1]);
        var delay = new NfqueueDelay(net.RunId, dir.FullName);
        try
        {
            Console.WriteLine($"delay: {Environment.ProcessorCount} cores; TCP round trips of 1 byte (median, p99 of 2000) and a {seconds} s UDP flood of 64-byte datagrams, n1 -> n2");
            var plain = await MeasureAsync(from, to, seconds);
            Console.WriteLine($"  without the delayer:          round trip {plain.Rtt}; {plain.Sent / seconds:N0} sent/s, {plain.Received / seconds:N0} received/s");
            await delay.StartAsync([from], new DelayProfile(TimeSpan.Zero, TimeSpan.Zero), 1, CancellationToken.None);
            var zero = await MeasureAsync(from, to, seconds);
            Console.WriteLine($"  delayer at 0 ms:              round trip {zero.Rtt}; {zero.Sent / seconds:N0} sent/s, {zero.Received / seconds:N0} received/s");
            await delay.HealAsync(CancellationToken.None);
            await delay.StartAsync([from], new DelayProfile(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(10)), 1, CancellationToken.None);
            var lan = await MeasureAsync(from, to, seconds, rtt: false);
            Console.WriteLine($"  delayer at 50 ms ± 10 ms:     {lan.Sent / seconds:N0} sent/s, {lan.Received / seconds:N0} received/s");
            await delay.HealAsync(CancellationToken.None);
            Console.WriteLine($"  {Path.Combine(dir.FullName, "nodes", "n1", "delayer.log")}:");
            foreach (var line in File.ReadLines(Path.Combine(dir.FullName, "nodes", "n1", "delayer.log")).Where(l => l.StartsWith("delayer stats", StringComparison.Ordinal)))
            {
                Console.WriteLine($"    {line}");
            }
        }
        finally
        {
            await delay.HealAsync(CancellationToken.None);
            dir.Delete(recursive: true);
        }
    }

    private static async Task<(string Rtt, long Sent, long Received)> MeasureAsync(Host from, Host to, int seconds, bool rtt = true)
    {
        var rttText = rtt ? await RoundTripsAsync(from, to) : string.Empty;
        using var receiver = await NetworkNamespace.RunAsync(to.Namespace, () => Udp(to.Address, Port + 1));
        using var sender = await NetworkNamespace.RunAsync(from.Namespace, () => Udp(from.Address, 0));
        long received = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds + 1));
        var receiving = Task.Run(async () =>
        {
            var buffer = new byte[128];
            try
            {
                while (true)
                {
                    await receiver.ReceiveAsync(buffer, stop.Token);
                    received++;
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        var payload = new byte[64];
        var target = new IPEndPoint(to.Address, Port + 1);
        long sent = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            sender.SendTo(payload, target);
            sent++;
        }

        await receiving;
        return (rttText, sent, received);
    }

    private static async Task<string> RoundTripsAsync(Host from, Host to)
    {
        using var listener = await Probe.ListenAsync(to, Port);
        using var client = await NetworkNamespace.RunAsync(from.Namespace, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
        await client.ConnectAsync(new IPEndPoint(to.Address, Port));
        using var server = await listener.AcceptAsync();
        server.NoDelay = true;
        var echo = Task.Run(async () =>
        {
            var b = new byte[1];
            while (await server.ReceiveAsync(b) > 0) await server.SendAsync(b);
        });
        var times = new List<double>();
        var one = new byte[1];
        for (var i = 0; i < 2000; i++)
        {
            var sw = Stopwatch.StartNew();
            await client.SendAsync(one);
            await client.ReceiveAsync(one);
            times.Add(sw.Elapsed.TotalMicroseconds);
        }

        client.Shutdown(SocketShutdown.Both);
        await echo;
        times.Sort();
        return $"{times[times.Count / 2]:0} µs, p99 {times[(int)(times.Count * 0.99)]:0} µs";
    }

    private static Socket Udp(IPAddress address, int port)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(address, port));
        return s;
    }
}
