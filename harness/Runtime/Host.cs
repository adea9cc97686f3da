using System.Net;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>
/// A host of the cluster: a network namespace (a name under /run/netns) with one address on
/// the run's network, and the way programs start on it (on this machine by default).
/// </summary>
public sealed record Host(string Name, string Namespace, IPAddress Address)
{
    /// <summary>How programs start on this host.</summary>
    public IProgramRunner Programs { get; init; } = LocalPrograms.Instance;

    public override string ToString() => $"{Name} ({Address})";
}
