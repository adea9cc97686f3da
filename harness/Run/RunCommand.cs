using System.CommandLine;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Backends.Etcd;
using ElectionJepsen.Harness.Backends.Redis;
using ElectionJepsen.Harness.Backends.ZooKeeper;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Nemeses.Partition;

namespace ElectionJepsen.Harness.Run;

/// <summary>The <c>run</c> verb's options, on the root command (the default verb) and on <c>run</c>.</summary>
public static class RunCommand
{
    public static IReadOnlyDictionary<string, IBackend> Backends { get; } = new Dictionary<string, IBackend>
    {
        ["redis"] = RedisBackend.Single,
        ["redlock"] = RedisBackend.Redlock,
        ["etcd"] = EtcdBackend.Checked,
        ["etcd-unchecked"] = EtcdBackend.Unchecked,
        ["zookeeper"] = ZooKeeperBackend.Default,
    };

    public const string Examples = """
        Examples:
          --backend redis --nemesis partition                      a 60 s test of the Redis lock under partitions
          --backend redis --nemesis pause --ttl 3s --fencing off   a leader frozen past its lease, without fencing
          --backend redis --nemesis partition,pause,kill --time-limit 5m --seed 42
        """;

    private static IReadOnlyList<string> Shapes(string text)
    {
        if (text == "all") return PartitionShapes.All;
        var list = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var bad = list.FirstOrDefault(s => !PartitionShapes.All.Contains(s));
        if (list.Length == 0 || bad is not null)
        {
            throw new UsageException($"--partition-shape \"{bad ?? text}\" is not a shape; the shapes are {string.Join(", ", PartitionShapes.All)} (a comma list, or all)");
        }

        return list;
    }

    public static void AddTo(Command command, TextWriter stdout)
    {
        var backend = new Option<string>("--backend") { Description = $"the election backend: {string.Join(", ", Backends.Keys)}", DefaultValueFactory = _ => "redis", HelpName = "NAME" };
        var nemesis = new Option<string>("--nemesis") { Description = $"faults: {string.Join(", ", NemesisNames.Faults)}, a comma list, all or none", DefaultValueFactory = _ => "none", HelpName = "LIST" };
        var nodes = new Option<int>("--nodes") { Description = "how many candidates", DefaultValueFactory = _ => 5 };
        var timeLimit = new Option<string>("--time-limit") { Description = "how long the test runs (30s, 2m, or seconds)", DefaultValueFactory = _ => "60s", HelpName = "DURATION" };
        var interval = new Option<string>("--nemesis-interval") { Description = "faults and heals alternate this often", DefaultValueFactory = _ => "10s", HelpName = "DURATION" };
        var seed = new Option<int?>("--seed") { Description = "seed of the nemesis schedule (printed and stored in test.json)" };
        var ttl = new Option<string>("--ttl") { Description = "lease or session length, the same for every backend", DefaultValueFactory = _ => "5s", HelpName = "DURATION" };
        var fencing = new Option<string>("--fencing") { Description = "the ledger refuses tokens lower than the highest it accepted: on or off", DefaultValueFactory = _ => "on", HelpName = "on|off" };
        var scope = new Option<string>("--partition-scope")
        {
            Description = "which hosts partitions split: all, servers (from each other), candidates (from each other), candidates-servers (candidates from servers)",
            DefaultValueFactory = _ => "all",
            HelpName = "SCOPE",
        };
        var shapes = new Option<string>("--partition-shape")
        {
            Description = $"the partition shapes to draw from, a comma list: {string.Join(", ", PartitionShapes.All)}",
            DefaultValueFactory = _ => "all",
            HelpName = "LIST",
        };
        var store = new Option<string>("--store") { Description = "where run directories go", DefaultValueFactory = _ => "store", HelpName = "DIR" };
        foreach (var o in new Option[] { backend, nemesis, nodes, timeLimit, interval, seed, ttl, fencing, scope, shapes, store }) command.Options.Add(o);
        command.SetAction(async (parse, cancel) =>
        {
            var name = parse.GetValue(backend)!;
            if (!Backends.TryGetValue(name, out var chosen))
            {
                throw new UsageException($"--backend \"{name}\" is not a backend; the backends are {string.Join(", ", Backends.Keys)}");
            }

            var n = parse.GetValue(nodes);
            if (n is < 1 or > 50) throw new UsageException($"--nodes takes 1 to 50 candidates, not {n}");
            var options = new RunOptions(
                name,
                NemesisNames.Parse(parse.GetValue(nemesis)!),
                n,
                DurationOption.Parse("--time-limit", parse.GetValue(timeLimit)!),
                DurationOption.Parse("--nemesis-interval", parse.GetValue(interval)!),
                parse.GetValue(seed) ?? Random.Shared.Next(),
                DurationOption.Parse("--ttl", parse.GetValue(ttl)!),
                parse.GetValue(fencing) switch
                {
                    "on" => true,
                    "off" => false,
                    var other => throw new UsageException($"--fencing takes on or off, not \"{other}\""),
                },
                parse.GetValue(store)!,
                parse.GetValue<bool>("--verbose"))
            {
                PartitionScope = parse.GetValue(scope) switch
                {
                    "all" => PartitionScope.All,
                    "servers" => PartitionScope.Servers,
                    "candidates" => PartitionScope.Candidates,
                    "candidates-servers" => PartitionScope.CandidatesServers,
                    var other => throw new UsageException($"--partition-scope takes all, servers, candidates or candidates-servers, not \"{other}\""),
                },
                PartitionShapes = Shapes(parse.GetValue(shapes)!),
            };
            return await new RunVerb(options, chosen, stdout).RunAsync(cancel);
        });
    }
}
