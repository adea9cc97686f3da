namespace ElectionJepsen.Workloads.ZooKeeper;

/// <summary>A ZooKeeper error code answered for a request (or ConnectionLoss when the connection broke).</summary>
public sealed class ZooKeeperException(ZooKeeperError code, string? path = null)
    : Exception(path is null ? $"ZooKeeper: {code}" : $"ZooKeeper: {code} ({path})")
{
    public ZooKeeperError Code { get; } = code;
}
