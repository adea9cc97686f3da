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
}
