using ElectionJepsen.Harness.Backends.Etcd;
using ElectionJepsen.Harness.Backends.Kubernetes;
using ElectionJepsen.Harness.Backends.Peers;
using ElectionJepsen.Harness.Backends.Postgres;
using ElectionJepsen.Harness.Backends.Redis;
using ElectionJepsen.Harness.Backends.ZooKeeper;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Backends;

/// <summary>The harness's side of <see cref="BackendNames"/>: each backend's servers, as <c>--backend</c> names them.</summary>
public static class BackendCatalog
{
    public static IReadOnlyDictionary<string, IBackend> ByName { get; } = BackendNames.Map<IBackend>(name => name switch
    {
        BackendNames.Redis => RedisBackend.Single,
        BackendNames.Redlock => RedisBackend.Redlock,
        BackendNames.Etcd => EtcdBackend.Checked,
        BackendNames.EtcdUnchecked => EtcdBackend.Unchecked,
        BackendNames.ZooKeeper => ZooKeeperBackend.Default,
        BackendNames.Kubernetes => KubernetesBackend.Local,
        BackendNames.Postgres => PostgresBackend.Default,
        BackendNames.Raft => PeerBackend.Raft,
        BackendNames.Bully => PeerBackend.Bully,
        BackendNames.Ring => PeerBackend.Ring,
        _ => null,
    });

    /// <summary>The servers of a backend a candidate of the contract names: one of <see cref="ByName"/>, or none at all.</summary>
    public static IBackend ForCandidate(string name) => name == BackendNames.None ? PeerBackend.None : ByName[name];
}
