namespace ElectionJepsen.Harness.Runtime;

/// <summary>What a process of the cluster is there for.</summary>
public enum NodeRole
{
    Server,
    Candidate,
}

/// <summary>A process the nemeses may act on, with its clock when it has one it can move.</summary>
public sealed class ClusterNode(HostProcess process, NodeRole role, FakeClock? clock = null, string? noClockReason = null)
{
    public HostProcess Process { get; } = process;

    public NodeRole Role { get; } = role;

    /// <summary>Its libfaketime clock (offset mode), or null.</summary>
    public FakeClock? Clock { get; } = clock;

    /// <summary>Why its clock cannot be moved, when it cannot (etcd is a Go program).</summary>
    public string? NoClockReason { get; } = noClockReason;

    public string Host => Process.Host.Name;

    public override string ToString() => Process.ToString();
}
