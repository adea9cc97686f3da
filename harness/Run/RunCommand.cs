using System.CommandLine;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Backends.Kubernetes;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Nemeses.Delay;
using ElectionJepsen.Harness.Nemeses.Partition;
using ElectionJepsen.Workloads.Recipes.Kubernetes;

namespace ElectionJepsen.Harness.Run;

/// <summary>The <c>run</c> verb's options, on the root command (the default verb) and on <c>run</c>.</summary>
public static class RunCommand
{
    public static IReadOnlyDictionary<string, IBackend> Backends => BackendCatalog.ByName;

    public const string Examples = """
        Examples:
          --backend redis --nemesis partition                      a 60 s test of the Redis lock under partitions
          --backend redis --nemesis pause --ttl 3s --fencing off   a leader frozen past its lease, without fencing
          --backend redis --nemesis partition,pause,kill --time-limit 5m --seed 42
          --backend zookeeper --nemesis partition --partition-shape isolate-leader --ttl 3s
          --backend etcd --nemesis kill --etcd-election-timeout 2s --etcd-heartbeat 200ms
          --backend kubernetes --kubeconfig ~/.kube/config --namespace tests --nemesis partition
          --backend kubernetes --nemesis partition+clock --partition-shape isolate-leader   a follower's clock jumps while the leader is cut off
          --backend all --nemesis all --time-limit 30s --seed 7    the matrix: every backend under no fault and each fault, then store/index.html
          --backend redis,etcd,zookeeper --nemesis pause           three runs, one summary
        """;

    /// <summary>The backends of <c>--backend</c>: one name, a comma list, or all (a matrix when more than one).</summary>
    private static IReadOnlyList<string> BackendList(string text)
    {
        if (text.Trim() == "all") return [.. Backends.Keys];
        var list = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        var bad = list.FirstOrDefault(b => !Backends.ContainsKey(b));
        if (list.Count == 0 || bad is not null)
        {
            throw new UsageException($"--backend \"{bad ?? text}\" is not a backend; the backends are {string.Join(", ", Backends.Keys)} (one, a comma list, or all)");
        }

        return list;
    }

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

    private static bool OnOff(string option, string text) => text switch
    {
        "on" => true,
        "off" => false,
        _ => throw new UsageException($"{option} takes on or off, not \"{text}\""),
    };

    private static ServerSettings Settings(TimeSpan heartbeat, TimeSpan election, bool preVote, TimeSpan tick)
    {
        if (heartbeat.TotalMilliseconds < 1 || election.TotalMilliseconds < 5 * heartbeat.TotalMilliseconds)
        {
            throw new UsageException($"--etcd-election-timeout ({election.TotalMilliseconds:0} ms) must be at least 5 times --etcd-heartbeat ({heartbeat.TotalMilliseconds:0} ms), as etcd requires");
        }

        if (tick.TotalMilliseconds is < 10 or > 60_000) throw new UsageException($"--zk-tick-time takes 10ms to 60s, not {tick.TotalMilliseconds:0} ms");
        return new ServerSettings { EtcdHeartbeat = heartbeat, EtcdElectionTimeout = election, EtcdPreVote = preVote, ZooKeeperTick = tick };
    }

    /// <summary>The Lease's namespace: a DNS label, and only with a kubeconfig (the local Lease API keeps its Lease in default).</summary>
    private static string KubernetesNamespace(string? text, bool withKubeconfig)
    {
        if (text is null) return "default";
        if (!withKubeconfig) throw new UsageException("--namespace goes with --kubeconfig (the local Lease API keeps its Lease in namespace default)");
        if (text.Length is 0 or > 63 || !text.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') || text[0] == '-' || text[^1] == '-')
        {
            throw new UsageException($"--namespace \"{text}\" is not a namespace name: 1 to 63 lower-case letters, digits and '-', starting and ending with a letter or digit");
        }

        return text;
    }

    public static void AddTo(Command command, TextWriter stdout)
    {
        var backend = new Option<string>("--backend") { Description = $"the election backend: {string.Join(", ", Backends.Keys)}; a comma list or all runs each in turn (a matrix)", DefaultValueFactory = _ => "redis", HelpName = "NAME" };
        var nemesis = new Option<string>("--nemesis") { Description = $"faults: {string.Join(", ", NemesisNames.Faults)}, a comma list (drawn in turn within one run), faults joined by + (in force together, started over the first quarter of the interval), or none; all runs a test under each of none and every fault (a matrix)", DefaultValueFactory = _ => "none", HelpName = "LIST" };
        var nodes = new Option<int>("--nodes") { Description = "how many candidates", DefaultValueFactory = _ => 5 };
        var timeLimit = new Option<string>("--time-limit") { Description = "how long the test runs (30s, 2m, or seconds)", DefaultValueFactory = _ => "60s", HelpName = "DURATION" };
        var interval = new Option<string>("--nemesis-interval") { Description = "faults and heals alternate this often", DefaultValueFactory = _ => "10s", HelpName = "DURATION" };
        var seed = new Option<int?>("--seed") { Description = "seed of the nemesis schedule (printed and stored in test.json)" };
        var ttl = new Option<string>("--ttl") { Description = "lease or session length, the same for every backend", DefaultValueFactory = _ => "5s", HelpName = "DURATION" };
        var fencing = new Option<string>("--fencing") { Description = "the ledger refuses tokens lower than the highest it accepted: on or off", DefaultValueFactory = _ => "on", HelpName = "on|off" };
        var scope = new Option<string?>("--partition-scope")
        {
            Description = "which hosts partitions split: all, servers (from each other), candidates (from each other), candidates-servers (candidates from servers); "
                + "default all, or candidates for raft, bully and ring",
            HelpName = "SCOPE",
        };
        var shapes = new Option<string>("--partition-shape")
        {
            Description = $"the partition shapes to draw from, a comma list: {string.Join(", ", PartitionShapes.All)}",
            DefaultValueFactory = _ => "all",
            HelpName = "LIST",
        };
        var heartbeat = new Option<string>("--etcd-heartbeat") { Description = "etcd's heartbeat interval", DefaultValueFactory = _ => "100ms", HelpName = "DURATION" };
        var election = new Option<string>("--etcd-election-timeout") { Description = "etcd's election timeout (at least 5 heartbeats)", DefaultValueFactory = _ => "1000ms", HelpName = "DURATION" };
        var preVote = new Option<string>("--etcd-pre-vote") { Description = "etcd's pre-vote: on or off", DefaultValueFactory = _ => "on", HelpName = "on|off" };
        var tick = new Option<string>("--zk-tick-time") { Description = "ZooKeeper's tickTime (sessions may last 2 to 20 ticks, widened to take --ttl)", DefaultValueFactory = _ => "500ms", HelpName = "DURATION" };
        var renewDeadline = new Option<string?>("--k8s-renew-deadline") { Description = "kubernetes: the elector's renew deadline (default 10/15 of --ttl, as client-go's 10 s of 15 s)", HelpName = "DURATION" };
        var retryPeriod = new Option<string?>("--k8s-retry-period") { Description = "kubernetes: the elector's retry period (default 2/15 of --ttl, as client-go's 2 s of 15 s)", HelpName = "DURATION" };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "kubernetes: run against the real cluster of this kubeconfig (its current context) instead of the local Lease API; the run's Lease is deleted afterwards", HelpName = "FILE" };
        var k8sNamespace = new Option<string?>("--namespace") { Description = "kubernetes with --kubeconfig: the namespace of the run's Lease (default: default)", HelpName = "NS" };
        var junit = new Option<string?>("--junit") { Description = "also write the verdict as JUnit XML here (a test case per run, failed when invalid), for CI dashboards", HelpName = "FILE" };
        var store = new Option<string>("--store") { Description = "where run directories go", DefaultValueFactory = _ => "store", HelpName = "DIR" };
        var expect = new Option<string?>("--expect")
        {
            Description = "judge the runs by this file of expectations (lines: BACKEND NEMESIS valid|invalid|unknown|any has:KIND no:KIND, * for any; the first match judges): exit 0 when every run is as expected, 1 when one is not",
            HelpName = "FILE",
        };
        var delay = new DelayOptions();
        delay.AddTo(command);
        foreach (var o in new Option[] { backend, nemesis, nodes, timeLimit, interval, seed, ttl, fencing, scope, shapes, heartbeat, election, preVote, tick, renewDeadline, retryPeriod, kubeconfig, k8sNamespace, junit, store, expect }) command.Options.Add(o);
        command.SetAction(async (parse, cancel) =>
        {
            var backendText = parse.GetValue(backend)!;
            var backendList = BackendList(backendText);
            var nemesisText = parse.GetValue(nemesis)!;
            if (nemesisText.Trim() != NemesisNames.All && nemesisText.Split(',', '+').Any(n => n.Trim() == NemesisNames.All))
            {
                throw new UsageException($"--nemesis \"{nemesisText}\": all runs a test under each fault (a matrix) and stands alone; list the faults instead ({string.Join(",", NemesisNames.Faults)})");
            }

            var expectations = parse.GetValue(expect) is { } expectFile ? Expectations.Load(expectFile) : null;
            var matrix = backendList.Count > 1 || nemesisText.Trim() == NemesisNames.All || expectations is not null;
            var name = backendList[0];
            var chosen = Backends[name];

            var n = parse.GetValue(nodes);
            if (n is < 1 or > 50) throw new UsageException($"--nodes takes 1 to 50 candidates, not {n}");
            var nemesisCells = nemesisText.Trim() == NemesisNames.All
                ? [[], .. NemesisNames.Parse(NemesisNames.All).Select(n => (IReadOnlyList<string>)[n])]
                : new List<IReadOnlyList<string>> { NemesisNames.Parse(nemesisText) };
            var options = new RunOptions(
                name,
                nemesisCells[0],
                n,
                DurationOption.Parse("--time-limit", parse.GetValue(timeLimit)!),
                DurationOption.Parse("--nemesis-interval", parse.GetValue(interval)!),
                parse.GetValue(seed) ?? Random.Shared.Next(),
                DurationOption.Parse("--ttl", parse.GetValue(ttl)!),
                OnOff("--fencing", parse.GetValue(fencing)!),
                parse.GetValue(store)!,
                parse.GetValue<bool>("--verbose"))
            {
                PartitionScope = parse.GetValue(scope) is not { } scopeName ? chosen.DefaultPartitionScope : PartitionScopes.Parse(scopeName)
                    ?? throw new UsageException($"--partition-scope takes {string.Join(", ", PartitionScopes.All.SkipLast(1))} or {PartitionScopes.All.Last()}, not \"{parse.GetValue(scope)}\""),
                PartitionShapes = Shapes(parse.GetValue(shapes)!),
                Delay = delay.Read(parse),
                ElectorRenewDeadline = parse.GetValue(renewDeadline) is { } rd ? DurationOption.Parse("--k8s-renew-deadline", rd) : null,
                ElectorRetryPeriod = parse.GetValue(retryPeriod) is { } rp ? DurationOption.Parse("--k8s-retry-period", rp) : null,
                Kubeconfig = parse.GetValue(kubeconfig),
                Junit = parse.GetValue(junit),
                KubernetesNamespace = KubernetesNamespace(parse.GetValue(k8sNamespace), parse.GetValue(kubeconfig) is not null),
                Servers = Settings(
                    DurationOption.Parse("--etcd-heartbeat", parse.GetValue(heartbeat)!),
                    DurationOption.Parse("--etcd-election-timeout", parse.GetValue(election)!),
                    OnOff("--etcd-pre-vote", parse.GetValue(preVote)!),
                    DurationOption.Parse("--zk-tick-time", parse.GetValue(tick)!)),
            };
            if (ElectorTiming.For(options.Ttl, options.ElectorRenewDeadline, options.ElectorRetryPeriod).Problem is { } problem)
            {
                throw new UsageException($"{problem} (--ttl, --k8s-renew-deadline, --k8s-retry-period)");
            }

            Outputs.Probe("store", Path.Combine(options.Store, "runs"));
            if (options.Junit is { } junitFile) Outputs.Probe("JUnit file", junitFile);
            if (matrix)
            {
                if (options.Kubeconfig is not null) throw new UsageException("--kubeconfig runs one test against one cluster: give --backend kubernetes and one nemesis, not a matrix or --expect");
                return await new MatrixRun(options, [.. backendList.Select(b => (b, Backends[b]))], nemesisCells, parse.GetValue(scope) is not null, expectations, stdout).RunAsync(cancel);
            }

            if (options.Kubeconfig is { } file)
            {
                if (name != "kubernetes") throw new UsageException($"--kubeconfig goes with --backend kubernetes, not {name}");
                chosen = await ClusterBackend.OpenAsync(file, options.KubernetesNamespace, cancel);
                options = options with { Kubeconfig = ((ClusterBackend)chosen).Kubeconfig };
            }

            var code = await new RunVerb(options, chosen, stdout).RunAsync(cancel);
            stdout.WriteLine(StoreComparison.Rewrite(Path.GetFullPath(options.Store)));
            return code;
        });
    }
}
