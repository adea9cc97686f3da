using System.Globalization;
using ElectionJepsen.Harness.Nemeses.Partition;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Backends.Peers;

/// <summary>
/// <c>raft</c>, <c>bully</c>, <c>ring</c>: no servers; the candidates elect among themselves
/// over their hosts' network (UDP on <see cref="Port"/>), so partitions cut candidates from
/// each other by default.
/// </summary>
public sealed class PeerBackend(string name, string description) : IBackend
{
    public const int Port = 7000;

    public static PeerBackend Raft { get; } = new(BackendNames.Raft, "Raft's election among the candidates");

    public static PeerBackend Bully { get; } = new(BackendNames.Bully, "the Bully algorithm among the candidates");

    /// <summary>No servers: a candidate of the contract that elects among the candidates by its own algorithm.</summary>
    public static PeerBackend None { get; } = new(BackendNames.None, "no servers: the candidates' own election");

    public static PeerBackend Ring { get; } = new(BackendNames.Ring, "ring election (Chang and Roberts) among the candidates");

    public string Name => name;

    public int ServerCount => 0;

    public IReadOnlyList<Requirement> Needs { get; } = [];

    public PartitionScope DefaultPartitionScope => PartitionScope.Candidates;

    public Task<IReadOnlyList<ClusterNode>> StartAsync(IReadOnlyList<Host> hosts, ServerContext context, CancellationToken cancel) =>
        Task.FromResult<IReadOnlyList<ClusterNode>>([]);

    public string Endpoints(IReadOnlyList<Host> hosts) => string.Empty;

    public string? Peers(IReadOnlyList<Host> candidates) =>
        string.Join(',', candidates.Select(h => string.Create(CultureInfo.InvariantCulture, $"{h.Name}={h.Address}:{Port}")));

    public Task<string> VersionAsync() => Task.FromResult($"{description} (ElectionJepsen's own)");
}
