namespace ElectionJepsen.Harness.Backends;

/// <summary>
/// How the servers are tuned (the defaults give a new leader within about two seconds of a fault here): etcd's heartbeat,
/// election timeout and pre-vote; ZooKeeper's tick.
/// </summary>
public sealed record ServerSettings
{
    public static ServerSettings Default { get; } = new();

    public TimeSpan EtcdHeartbeat { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan EtcdElectionTimeout { get; init; } = TimeSpan.FromMilliseconds(1000);

    public bool EtcdPreVote { get; init; } = true;

    public TimeSpan ZooKeeperTick { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The settings as command-line options, those that differ from the defaults only.</summary>
    public IEnumerable<string> Arguments()
    {
        static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:0}ms";
        if (EtcdHeartbeat != Default.EtcdHeartbeat) yield return $"--etcd-heartbeat {Ms(EtcdHeartbeat)}";
        if (EtcdElectionTimeout != Default.EtcdElectionTimeout) yield return $"--etcd-election-timeout {Ms(EtcdElectionTimeout)}";
        if (EtcdPreVote != Default.EtcdPreVote) yield return $"--etcd-pre-vote {(EtcdPreVote ? "on" : "off")}";
        if (ZooKeeperTick != Default.ZooKeeperTick) yield return $"--zk-tick-time {Ms(ZooKeeperTick)}";
    }
}
