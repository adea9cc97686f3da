using System.Net;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>A host of the local cluster: a network namespace with one address on the switch.</summary>
public sealed record Host(string Name, string Namespace, IPAddress Address)
{
    public override string ToString() => $"{Name} ({Address})";
}
