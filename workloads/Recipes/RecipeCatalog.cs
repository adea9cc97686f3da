using ElectionJepsen.Workloads.Candidate;
using ElectionJepsen.Workloads.Peers;
using ElectionJepsen.Workloads.Peers.Bully;
using ElectionJepsen.Workloads.Peers.Raft;
using ElectionJepsen.Workloads.Peers.Ring;
using ElectionJepsen.Workloads.Recipes.Etcd;
using ElectionJepsen.Workloads.Recipes.Kubernetes;
using ElectionJepsen.Workloads.Recipes.Peers;
using ElectionJepsen.Workloads.Recipes.Postgres;
using ElectionJepsen.Workloads.Recipes.Redis;
using ElectionJepsen.Workloads.Recipes.ZooKeeper;

namespace ElectionJepsen.Workloads.Recipes;

/// <summary>The candidate's side of <see cref="BackendNames"/>: each backend's recipe, made from what the candidate was told.</summary>
public static class RecipeCatalog
{
    public static IReadOnlyDictionary<string, Func<CandidateOptions, Task<IRecipe>>> ByName { get; } =
        BackendNames.Map<Func<CandidateOptions, Task<IRecipe>>>(name => name switch
        {
            BackendNames.Redis => o => RedisAsync(o, redlock: false),
            BackendNames.Redlock => o => RedisAsync(o, redlock: true),
            BackendNames.Etcd => o => Task.FromResult(Etcd(o, checkLease: true)),
            BackendNames.EtcdUnchecked => o => Task.FromResult(Etcd(o, checkLease: false)),
            BackendNames.ZooKeeper => o => Task.FromResult(ZooKeeper(o)),
            BackendNames.Kubernetes => o => Task.FromResult(Kubernetes(o)),
            BackendNames.Postgres => o => Task.FromResult<IRecipe>(new PostgresRecipe(PostgresRecipe.ConnectionString(o.Servers[0], o.Node, o.Ttl, o.CallTimeout), o.Ttl, o.CallTimeout)),
            BackendNames.Raft => o => Task.FromResult(Peer(o, network => new RaftElection(network, RaftState.Open(o.DataDirectory), RaftTiming.Default))),
            BackendNames.Bully => o => Task.FromResult(Peer(o, network => new BullyElection(network, BullyTiming.Default))),
            BackendNames.Ring => o => Task.FromResult(Peer(o, network => new RingElection(network, RingTiming.Default))),
            _ => null,
        });

    /// <summary>The recipe of the backend <paramref name="o"/> names (a name of <see cref="BackendNames"/>, as the command line checked).</summary>
    public static Task<IRecipe> CreateAsync(CandidateOptions o) => ByName[o.Backend](o);

    private static IRecipe Peer(CandidateOptions o, Func<PeerNetwork, PeerElection> elect)
    {
        var network = new PeerNetwork(o.Node, PeerNetwork.ParsePeers(o.Peers));
        var election = elect(network);
        election.Start();
        return new PeerRecipe(election, network);
    }

    private static IRecipe Kubernetes(CandidateOptions o)
    {
        var config = o.Kubeconfig is { } file
            ? k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(file)
            : new k8s.KubernetesClientConfiguration { Host = o.Servers[0] };
        var timing = ElectorTiming.For(o.Ttl, o.RenewDeadline, o.RetryPeriod);
        return new KubernetesRecipe(new k8s.Kubernetes(config), o.Namespace, o.Lease, o.Node, timing);
    }

    private static IRecipe ZooKeeper(CandidateOptions o)
    {
        // As ZooKeeper's own client does, each candidate tries the servers in its own random order.
        // Names are looked up at each new session.
        var servers = o.Servers.Select(ServerEndpoint.Parse).OrderBy(_ => Random.Shared.Next()).ToList();
        return new ZooKeeperRecipe(
            async cancel => await Workloads.ZooKeeper.ZooKeeperSession.ConnectAsync(await ServerEndpoint.ResolveAllAsync(servers, cancel), o.Ttl, o.CallTimeout, cancel: cancel),
            o.Node, o.CallTimeout);
    }

    private static IRecipe Etcd(CandidateOptions o, bool checkLease) =>
        new EtcdRecipe(new dotnet_etcd.EtcdClient(string.Join(',', o.Servers)), o.Node, o.Ttl, o.CallTimeout, checkLease);

    private static async Task<IRecipe> RedisAsync(CandidateOptions o, bool redlock)
    {
        // Redlock asks each master with a timeout small against the TTL, so that one master
        // that does not answer does not eat the lock's validity.
        var timeout = redlock ? TimeSpan.FromMilliseconds(Math.Max(50, o.Ttl.TotalMilliseconds / 50)) : o.CallTimeout;
        var servers = await Task.WhenAll(o.Servers.Select(s => RedisNode.ConnectAsync(s, o.Node, timeout)));
        return redlock ? new RedlockRecipe(servers, o.Node, o.Ttl) : new RedisRecipe(servers[0], o.Node, o.Ttl);
    }
}
