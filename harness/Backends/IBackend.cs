using ElectionJepsen.Harness.Nemeses.Partition;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Workloads.Candidate;

namespace ElectionJepsen.Harness.Backends;

/// <summary>What a run needs to know about the servers of one backend.</summary>
public sealed record ServerContext(string RunId, string RunDirectory, TimeSpan Ttl)
{
    public ServerSettings Settings { get; init; } = ServerSettings.Default;

    /// <summary>The subnet of the run's hosts, as CIDR: whom a server lets in (<see cref="INetwork.Subnet"/>).</summary>
    public string Subnet { get; init; } = LocalNetwork.Cidr;
}

/// <summary>
/// The coordination service under test, as Jepsen's db protocol has it: how many servers,
/// what they need installed, how to start them on their hosts and wait until they serve,
/// and what the candidates are told to connect to.
/// </summary>
public interface IBackend
{
    string Name { get; }

    int ServerCount { get; }

    IReadOnlyList<Requirement> Needs { get; }

    /// <summary>Starts the servers and waits until they serve.</summary>
    Task<IReadOnlyList<ClusterNode>> StartAsync(IReadOnlyList<Host> hosts, ServerContext context, CancellationToken cancel);

    /// <summary>The candidates' <c>--servers</c> value.</summary>
    string Endpoints(IReadOnlyList<Host> hosts);

    /// <summary>The servers' version, for test.json.</summary>
    Task<string> VersionAsync();

    /// <summary>For backends whose candidates elect among themselves: the candidates' <c>--peers</c> value; null otherwise.</summary>
    string? Peers(IReadOnlyList<Host> candidates) => null;

    /// <summary>Which hosts partitions split unless <c>--partition-scope</c> says otherwise.</summary>
    PartitionScope DefaultPartitionScope => PartitionScope.All;

    /// <summary>A server outside the run that one of this backend's hosts stands for (a real cluster's API server); null for most.</summary>
    OutsideServer? Outside => null;

    /// <summary>What the candidates are told beyond the servers and the peers: <paramref name="candidate"/>, amended.</summary>
    CandidateOptions Candidate(CandidateOptions candidate, string runId) => candidate;

    /// <summary>After the candidates and servers stopped: what the backend must undo outside the run's hosts; says what it did, or null.</summary>
    Task<string?> FinishAsync(ServerContext context, CancellationToken cancel) => Task.FromResult<string?>(null);

    /// <summary>
    /// The servers' data directories, relative to each server's <c>nodes/HOST/</c>: scratch
    /// once the servers are stopped (etcd preallocates tens of MB of write-ahead log a
    /// member), so the run removes them and keeps the logs.
    /// </summary>
    IReadOnlyList<string> ScratchDirectories => [];

    /// <summary>The host of the server that leads now, for backends whose servers elect one; null otherwise or when unknown.</summary>
    Task<string?> ServerLeaderAsync(IReadOnlyList<Host> hosts, CancellationToken cancel) => Task.FromResult<string?>(null);
}
