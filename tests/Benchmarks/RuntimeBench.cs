using System.Diagnostics;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Backends.Etcd;
using ElectionJepsen.Harness.Backends.Redis;
using ElectionJepsen.Harness.Backends.ZooKeeper;
using ElectionJepsen.Harness.Nemeses.Partition;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Benchmarks;

/// <summary>Times to make and remove hosts and to apply and heal partitions (needs root).</summary>
internal static class RuntimeBench
{
    public static async Task RunAsync(int repeats)
    {
        IBackend[] backends = [RedisBackend.Single, RedisBackend.Redlock, EtcdBackend.Checked, ZooKeeperBackend.Default];
        await Prerequisites.EnsureAsync("runtime benchmark", [.. Prerequisites.Network, .. backends.SelectMany(b => b.Needs)], Console.Out);
        Console.WriteLine($"runtime: median (min to max) of {repeats} repeats (servers: at most 5), in ms");
        foreach (var n in new[] { 5, 10 })
        {
            var make = new List<double>();
            var remove = new List<double>();
            var partition = new List<double>();
            var heal = new List<double>();
            for (var i = 0; i < repeats; i++)
            {
                var sw = Stopwatch.StartNew();
                var net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), [.. Enumerable.Range(1, n).Select(k => $"n{k}")]);
                make.Add(sw.Elapsed.TotalMilliseconds);
                try
                {
                    var faults = new NetworkFaults(net);
                    var grudge = PartitionShapes.Make(PartitionShapes.Halves, [.. net.Hosts.Select(h => h.Name)], new Random(i));
                    partition.Add((await faults.PartitionAsync(grudge)).TotalMilliseconds);
                    heal.Add((await faults.HealAsync()).TotalMilliseconds);
                }
                finally
                {
                    sw.Restart();
                    await net.DisposeAsync();
                    remove.Add(sw.Elapsed.TotalMilliseconds);
                }
            }

            Console.WriteLine($"  {n} hosts: make {Stats(make)}, remove {Stats(remove)}, partition halves {Stats(partition)}, heal {Stats(heal)}");
        }

        foreach (var backend in backends)
        {
            var up = new List<double>();
            for (var i = 0; i < Math.Min(repeats, 5); i++)
            {
                var net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), [.. Enumerable.Range(1, backend.ServerCount).Select(k => $"s{k}")]);
                var dir = Directory.CreateTempSubdirectory($"ej-{net.RunId}-");
                try
                {
                    var sw = Stopwatch.StartNew();
                    var nodes = await backend.StartAsync(net.Hosts, new ServerContext(net.RunId, dir.FullName, TimeSpan.FromSeconds(5)), CancellationToken.None);
                    up.Add(sw.Elapsed.TotalMilliseconds);
                    foreach (var node in nodes) await node.Process.DisposeAsync();
                }
                finally
                {
                    await net.DisposeAsync();
                    dir.Delete(recursive: true);
                }
            }

            Console.WriteLine($"  {backend.Name} ({backend.ServerCount} servers) up and serving: {Stats(up)}");
        }
    }

    private static string Stats(List<double> ms)
    {
        ms.Sort();
        return $"{ms[ms.Count / 2]:0} ({ms[0]:0} to {ms[^1]:0})";
    }
}
