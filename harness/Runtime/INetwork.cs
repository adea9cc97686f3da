namespace ElectionJepsen.Harness.Runtime;

/// <summary>
/// The hosts of one run and the network between them, whatever they are made of (network
/// namespaces of this machine, containers): each host has a network namespace named under
/// /run/netns, so that the nemeses' rules, the probes and the ledger reach into it alike.
/// Disposing removes everything it made.
/// </summary>
public interface INetwork : IAsyncDisposable
{
    string RunId { get; }

    IReadOnlyList<Host> Hosts { get; }

    Host this[string name] { get; }

    /// <summary>The subnet every host's address is in, as CIDR (<c>10.77.0.0/24</c>).</summary>
    string Subnet { get; }
}
