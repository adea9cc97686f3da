namespace ElectionJepsen.Workloads.Recipes;

/// <summary>
/// The backends, by the names <c>--backend</c> takes, in the order the harness lists them:
/// the one list both the harness (which maps a name to the servers it starts) and the
/// candidate (which maps a name to the recipe it campaigns with) build their maps from, so
/// that a name one side lacks is caught where the map is made.
/// </summary>
public static class BackendNames
{
    public const string Redis = "redis";
    public const string Redlock = "redlock";
    public const string Etcd = "etcd";
    public const string EtcdUnchecked = "etcd-unchecked";
    public const string ZooKeeper = "zookeeper";
    public const string Kubernetes = "kubernetes";
    public const string Postgres = "postgres";
    public const string Raft = "raft";
    public const string Bully = "bully";
    public const string Ring = "ring";

    /// <summary>
    /// No servers at all, for a candidate of the contract whose algorithm runs among the
    /// candidates themselves (docs/candidate.md): not one of <see cref="All"/>, since our own
    /// candidate has no recipe for it.
    /// </summary>
    public const string None = "none";

    public static IReadOnlyList<string> All { get; } = [Redis, Redlock, Etcd, EtcdUnchecked, ZooKeeper, Kubernetes, Postgres, Raft, Bully, Ring];

    /// <summary>
    /// Every backend mapped by <paramref name="of"/>, in the order of <see cref="All"/>. A name
    /// <paramref name="of"/> gives no thing for (null) is a defect of ours, and fails here.
    /// </summary>
    public static IReadOnlyDictionary<string, T> Map<T>(Func<string, T?> of)
        where T : class
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var name in All) map[name] = of(name) ?? throw new InvalidOperationException($"the backend \"{name}\" is mapped to nothing");
        return map;
    }
}
