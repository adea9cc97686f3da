using ElectionJepsen.Harness.Nemeses.Partition;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Nemeses;

/// <summary>What the nemeses act on: the hosts, their network, the processes, and who leads now.</summary>
public sealed class Cluster(INetwork network, IReadOnlyList<ClusterNode> nodes, Func<string?>? candidateLeader = null, Func<string?>? serverLeader = null)
{
    public INetwork Network { get; } = network;

    public NetworkFaults Faults { get; } = new(network);

    public IReadOnlyList<ClusterNode> Nodes { get; } = nodes;

    /// <summary>The run's directory, where helpers a nemesis starts (the packet delayer) keep their logs; null outside a run.</summary>
    public string? RunDirectory { get; init; }

    public IEnumerable<ClusterNode> Servers => Nodes.Where(n => n.Role == NodeRole.Server);

    public IEnumerable<ClusterNode> Candidates => Nodes.Where(n => n.Role == NodeRole.Candidate);

    /// <summary>The host of the candidate that leads now, as far as the harness knows.</summary>
    public string? CandidateLeader => candidateLeader?.Invoke();

    /// <summary>The host of the server that leads now (etcd, ZooKeeper), as far as the harness knows.</summary>
    public string? ServerLeader => serverLeader?.Invoke();
}
