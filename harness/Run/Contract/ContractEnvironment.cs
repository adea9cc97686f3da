using System.Globalization;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Workloads.Candidate;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Run.Contract;

/// <summary>
/// What a candidate of the contract is told, in its environment (docs/candidate.md): the
/// values; the names are the candidate's own (<see cref="CandidateEnvironment"/>), which
/// reads them.
/// </summary>
public static class ContractEnvironment
{
    /// <summary>The port of the status endpoint on every candidate host.</summary>
    public const int StatusPort = 7070;

    public const string Node = CandidateEnvironment.Node;
    public const string PodName = "POD_NAME";
    public const string Backend = CandidateEnvironment.Backend;
    public const string Servers = CandidateEnvironment.Servers;
    public const string EtcdEndpoint = "ETCD_ENDPOINT";
    public const string Kubeconfig = CandidateEnvironment.Kubeconfig;
    public const string Peers = CandidateEnvironment.Peers;
    public const string TtlMs = CandidateEnvironment.TtlMs;
    public const string JobIntervalMs = CandidateEnvironment.JobIntervalMs;
    public const string Port = CandidateEnvironment.StatusPort;
    public const string Ledger = CandidateEnvironment.Ledger;

    /// <summary>The environment of candidate <paramref name="node"/>.</summary>
    public static Dictionary<string, string?> Of(
        string node, string backend, string endpoints, IReadOnlyList<Host> candidates, TimeSpan ttl, TimeSpan jobInterval, string? kubeconfig)
    {
        var servers = HostPorts(endpoints);
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            [Node] = node,
            [PodName] = node,
            [Backend] = backend,
            [Servers] = string.Join(',', servers),
            [Peers] = string.Join(',', candidates.Select(h => $"{h.Name}={h.Address}")),
            [TtlMs] = Milliseconds(ttl),
            [JobIntervalMs] = Milliseconds(jobInterval),
            [Port] = StatusPort.ToString(CultureInfo.InvariantCulture),
            [Ledger] = LedgerServer.Url,
        };
        if (backend == BackendNames.Etcd && servers.Count > 0) environment[EtcdEndpoint] = servers[0];
        if (kubeconfig is not null) environment[Kubeconfig] = kubeconfig;
        return environment;
    }

    /// <summary>
    /// The environment of a compose service of candidates, the same for every replica: no
    /// <see cref="Node"/> (a candidate without it goes by its host name) and no
    /// <see cref="Peers"/>; <paramref name="servers"/> as the candidates reach them.
    /// </summary>
    public static Dictionary<string, string> OfService(string backend, string servers, TimeSpan ttl, TimeSpan jobInterval) => new(StringComparer.Ordinal)
    {
        [Backend] = backend,
        [Servers] = string.Join(',', HostPorts(servers)),
        [TtlMs] = Milliseconds(ttl),
        [JobIntervalMs] = Milliseconds(jobInterval),
        [Port] = StatusPort.ToString(CultureInfo.InvariantCulture),
        [Ledger] = LedgerServer.Url,
    };

    /// <summary>A backend's endpoints as <c>host:port</c>, without a scheme.</summary>
    public static IReadOnlyList<string> HostPorts(string endpoints) =>
        [.. endpoints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => Uri.TryCreate(e, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? $"{uri.Host}:{uri.Port}" : e)];

    /// <summary>A kubeconfig for the run's own Lease API at <paramref name="server"/> (plain HTTP, no credentials).</summary>
    public static string KubeconfigFor(string server) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: electionjepsen
          cluster:
            server: {server}
        users:
        - name: electionjepsen
          user: {"{}"}
        contexts:
        - name: electionjepsen
          context:
            cluster: electionjepsen
            user: electionjepsen
            namespace: default
        current-context: electionjepsen

        """;

    private static string Milliseconds(TimeSpan t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
