using System.CommandLine;
using ElectionJepsen.Harness.Backends.Redis;
using ElectionJepsen.Harness.Nemeses.Partition;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Verbs.Cleanup;

namespace ElectionJepsen.Harness.Verbs.Hosts;

/// <summary>
/// The <c>hosts</c> verb: makes N hosts on a switch, optionally with a redis-server on each
/// and a partition in force, prints them, and holds them until Ctrl-C (or a kill; the next
/// start reaps them). For looking around with <c>ip netns exec</c>, and for testing that a
/// killed harness leaves nothing for good.
/// </summary>
public static class HostsCommand
{
    public static Command Build(TextWriter stdout)
    {
        var count = new Argument<int>("COUNT") { Description = "how many hosts (1 to 200)", DefaultValueFactory = _ => 5 };
        var redis = new Option<bool>("--redis") { Description = "start a redis-server on port 6379 of every host" };
        var partition = new Option<string?>("--partition") { Description = $"cut the network with a shape: {string.Join(", ", PartitionShapes.All)}", HelpName = "SHAPE" };
        var seed = new Option<int>("--seed") { Description = "seed of the partition's random choices", DefaultValueFactory = _ => Environment.TickCount };
        var command = new Command("hosts", """
            Make COUNT hosts (network namespaces on one switch), print them, and keep them until
            Ctrl-C, then remove them.

            Examples:
              hosts 5
              hosts 5 --redis --partition halves
              hosts 3        then, elsewhere: ip netns exec ej-<run>-n1 ping 10.77.0.12
            """)
        {
            count, redis, partition, seed,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var n = parse.GetValue(count);
            if (n is < 1 or > 200) throw new Cli.UsageException($"COUNT must be between 1 and 200, not {n}");
            var shape = parse.GetValue(partition);
            if (shape is not null && !PartitionShapes.All.Contains(shape))
            {
                throw new Cli.UsageException($"--partition \"{shape}\" is not a shape; the shapes are {string.Join(", ", PartitionShapes.All.Where(s => s != PartitionShapes.IsolateLeader))}");
            }

            var withRedis = parse.GetValue(redis);
            await Prerequisites.EnsureAsync("hosts", withRedis ? [.. Prerequisites.Network, Prerequisites.Redis] : Prerequisites.Network, stdout, cancel: cancel);
            CleanupCommand.Report(stdout, await Reaper.ReapAsync());
            await using var net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), [.. Enumerable.Range(1, n).Select(i => $"n{i}")]);
            var runDir = Directory.CreateTempSubdirectory($"ej-{net.RunId}-");
            var servers = new List<HostProcess>();
            try
            {
                stdout.WriteLine($"run {net.RunId}: switch {net.SwitchNamespace}, logs in {runDir.FullName}");
                foreach (var h in net.Hosts) stdout.WriteLine($"  {h.Name}  {h.Address}  ip netns exec {h.Namespace} ...");
                if (withRedis)
                {
                    foreach (var h in net.Hosts)
                    {
                        var p = new HostProcess(h, net.RunId, "redis", RedisBackend.Program, RedisBackend.Arguments(h.Address.ToString(), runDir.FullName), runDir.FullName);
                        servers.Add(p);
                        await p.StartAsync(cancel);
                    }

                    await Task.WhenAll(servers.Select(p => p.WaitForPortAsync(RedisBackend.Port, TimeSpan.FromSeconds(10), cancel)));
                    stdout.WriteLine($"redis-server on port 6379 of every host (pids {string.Join(' ', servers.Select(p => p.Pid))})");
                }

                if (shape is not null)
                {
                    var grudge = PartitionShapes.Make(shape, [.. net.Hosts.Select(h => h.Name)], new Random(parse.GetValue(seed)));
                    await new NetworkFaults(net).PartitionAsync(grudge, cancel);
                    stdout.WriteLine($"partition {shape}: {grudge}");
                }

                stdout.WriteLine("holding the hosts; Ctrl-C removes them");
                stdout.Flush();
                await Task.Delay(Timeout.Infinite, cancel);
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
            }
            finally
            {
                foreach (var p in servers) await p.DisposeAsync();
                runDir.Delete(recursive: true);
            }

            return 0;
        });
        return command;
    }
}
