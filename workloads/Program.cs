using System.CommandLine;
using System.Net;
using System.Runtime.InteropServices;
using ElectionJepsen.Workloads.Candidate;
using ElectionJepsen.Workloads.Control;
using ElectionJepsen.Workloads.Peers;
using ElectionJepsen.Workloads.Peers.Bully;
using ElectionJepsen.Workloads.Peers.Raft;
using ElectionJepsen.Workloads.Peers.Ring;
using ElectionJepsen.Workloads.Recipes;
using ElectionJepsen.Workloads.Recipes.Redis;

namespace ElectionJepsen.Workloads;

/// <summary>
/// The candidate: one process per candidate host, started by the harness's <c>run</c> verb,
/// campaigning with one election recipe and answering the harness over the control socket.
/// SIGTERM makes it resign (if it leads) and exit; so does the harness closing the socket.
/// </summary>
public static class Program
{
    public static IReadOnlyList<string> Backends { get; } = ["redis", "redlock", "etcd", "etcd-unchecked", "zookeeper", "kubernetes", "raft", "bully", "ring"];

    public static async Task<int> Main(string[] args)
    {
        var node = new Option<string>("--node") { Description = "this candidate's name in the history (c1, c2, ...)", Required = true };
        var control = new Option<string>("--control") { Description = "the harness's control socket (a Unix domain socket in the run directory)", Required = true };
        var backend = new Option<string>("--backend") { Description = $"the election recipe: {string.Join(", ", Backends)}", Required = true };
        var servers = new Option<string>("--servers") { Description = "the backend's servers, host:port, comma separated (none for raft, bully and ring)", DefaultValueFactory = _ => string.Empty };
        var peers = new Option<string>("--peers") { Description = "raft, bully, ring: every candidate, NAME=ADDRESS:PORT, comma separated, in id order", DefaultValueFactory = _ => string.Empty };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "kubernetes: a real cluster's kubeconfig (else --servers names the Lease API)" };
        var ns = new Option<string>("--namespace") { Description = "kubernetes: the namespace of the Lease", DefaultValueFactory = _ => "default" };
        var lease = new Option<string>("--lease") { Description = "kubernetes: the Lease's name", DefaultValueFactory = _ => "electionjepsen" };
        var renewDeadline = new Option<int?>("--renew-deadline-ms") { Description = "kubernetes: the elector's renew deadline (10/15 of the TTL by default)" };
        var retryPeriod = new Option<int?>("--retry-period-ms") { Description = "kubernetes: the elector's retry period (2/15 of the TTL by default)" };
        var data = new Option<string>("--data-dir") { Description = "this candidate's own disk (raft keeps its term and vote there)", DefaultValueFactory = _ => "." };
        var ttl = new Option<int>("--ttl-ms") { Description = "lease or session length", DefaultValueFactory = _ => 5000 };
        var write = new Option<int>("--write-interval-ms") { Description = "how often the leader writes to the ledger", DefaultValueFactory = _ => 100 };
        var job = new Option<int>("--job-interval-ms") { Description = "one job slot every this long", DefaultValueFactory = _ => 1000 };
        var timeout = new Option<int>("--timeout-ms") { Description = "timeout of every call to the backend", DefaultValueFactory = _ => 1000 };
        var root = new RootCommand("""
            ElectionJepsen candidate: campaigns for leadership with one recipe and reports to the harness.
            It is started by `ElectionJepsen.Harness run`, one per candidate host; it is not meant to be run by hand.
            """)
        {
            node, control, backend, servers, peers, data, kubeconfig, ns, lease, renewDeadline, retryPeriod, ttl, write, job, timeout,
        };
        root.SetAction(async (parse, cancel) =>
        {
            var options = new CandidateOptions(
                parse.GetValue(node)!,
                parse.GetValue(backend)!,
                parse.GetValue(control)!,
                parse.GetValue(servers)!.Split(',', StringSplitOptions.RemoveEmptyEntries),
                TimeSpan.FromMilliseconds(parse.GetValue(ttl)),
                TimeSpan.FromMilliseconds(parse.GetValue(write)),
                TimeSpan.FromMilliseconds(parse.GetValue(job)),
                TimeSpan.FromMilliseconds(parse.GetValue(timeout)))
            {
                Peers = parse.GetValue(peers)!,
                DataDirectory = parse.GetValue(data)!,
                Kubeconfig = parse.GetValue(kubeconfig),
                Namespace = parse.GetValue(ns)!,
                Lease = parse.GetValue(lease)!,
                RenewDeadline = parse.GetValue(renewDeadline) is { } rd ? TimeSpan.FromMilliseconds(rd) : null,
                RetryPeriod = parse.GetValue(retryPeriod) is { } rp ? TimeSpan.FromMilliseconds(rp) : null,
            };
            if (!Backends.Contains(options.Backend))
            {
                await Console.Error.WriteLineAsync($"error: no election recipe named \"{options.Backend}\"; the recipes are {string.Join(", ", Backends)}");
                return 64;
            }

            return await RunAsync(options, cancel);
        });
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"error: {parse.Errors[0].Message} (see --help)");
            return 64;
        }

        return await parse.InvokeAsync();
    }

    private static async Task<int> RunAsync(CandidateOptions options, CancellationToken cancel)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        var belief = new Belief();
        await using var harness = await HarnessClient.ConnectAsync(options.ControlSocket, options.Node, () => belief.Current, stop.Token);
        using var closed = harness.Closed.Register(stop.Cancel);
        await using var recipe = await CreateAsync(options);
        try
        {
            await harness.EventAsync($"candidate {options.Node} started: {options.Backend} on {(options.Servers.Count > 0 ? string.Join(',', options.Servers) : "peers " + options.Peers)}, ttl {options.Ttl.TotalMilliseconds} ms", stop.Token);
            await new CandidateLoop(recipe, harness, belief, options).RunAsync(stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && harness.Closed.IsCancellationRequested)
        {
            // The harness closed the channel (or it was dropped) before the loop began: stop, as the loop does.
        }

        return 0;
    }

    private static async Task<IRecipe> CreateAsync(CandidateOptions o)
    {
        if (o.Backend is "raft" or "bully" or "ring")
        {
            var network = new PeerNetwork(o.Node, PeerNetwork.ParsePeers(o.Peers));
            PeerElection election = o.Backend switch
            {
                "raft" => new RaftElection(network, RaftState.Open(o.DataDirectory), RaftTiming.Default),
                "bully" => new BullyElection(network, BullyTiming.Default),
                _ => new RingElection(network, RingTiming.Default),
            };
            election.Start();
            return new Recipes.Peers.PeerRecipe(election, network);
        }

        if (o.Backend == "kubernetes")
        {
            var config = o.Kubeconfig is { } file
                ? k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(file)
                : new k8s.KubernetesClientConfiguration { Host = o.Servers[0] };
            var timing = Recipes.Kubernetes.ElectorTiming.For(o.Ttl, o.RenewDeadline, o.RetryPeriod);
            return new Recipes.Kubernetes.KubernetesRecipe(new k8s.Kubernetes(config), o.Namespace, o.Lease, o.Node, timing);
        }

        if (o.Backend == "zookeeper")
        {
            // As ZooKeeper's own client does, each candidate tries the servers in its own random order.
            var endpoints = o.Servers.Select(s => IPEndPoint.Parse(s)).OrderBy(_ => Random.Shared.Next()).ToList();
            return new Recipes.ZooKeeper.ZooKeeperRecipe(
                cancel => ZooKeeper.ZooKeeperSession.ConnectAsync(endpoints, o.Ttl, o.CallTimeout, cancel: cancel), o.Node, o.CallTimeout);
        }

        if (o.Backend.StartsWith("etcd", StringComparison.Ordinal))
        {
            var etcd = new dotnet_etcd.EtcdClient(string.Join(',', o.Servers));
            return new Recipes.Etcd.EtcdRecipe(etcd, o.Node, o.Ttl, o.CallTimeout, checkLease: o.Backend == "etcd");
        }

        // Redlock asks each master with a timeout small against the TTL, so that one master
        // that does not answer does not eat the lock's validity.
        var timeout = o.Backend == "redlock" ? TimeSpan.FromMilliseconds(Math.Max(50, o.Ttl.TotalMilliseconds / 50)) : o.CallTimeout;
        var servers = await Task.WhenAll(o.Servers.Select(s => RedisNode.ConnectAsync(s, o.Node, timeout)));
        return o.Backend switch
        {
            "redlock" => new RedlockRecipe(servers, o.Node, o.Ttl),
            _ => new RedisRecipe(servers[0], o.Node, o.Ttl),
        };
    }
}
