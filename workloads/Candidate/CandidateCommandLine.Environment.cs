using System.CommandLine;
using System.Net;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Workloads.Candidate;

/// <summary>
/// The candidate without a control socket: what its command line leaves out comes from the
/// contract's environment (<see cref="CandidateEnvironment"/>), and an option given wins.
/// </summary>
public sealed partial class CandidateCommandLine
{
    /// <summary>Backends whose servers are reached over HTTP: a server the environment names as host:port gets http://.</summary>
    private static readonly HashSet<string> OverHttp = new(StringComparer.Ordinal) { BackendNames.Etcd, BackendNames.EtcdUnchecked, BackendNames.Kubernetes };

    /// <summary>Backends whose candidates elect among themselves, and so need peers and no servers.</summary>
    private static readonly HashSet<string> AmongPeers = new(StringComparer.Ordinal) { BackendNames.Raft, BackendNames.Bully, BackendNames.Ring };

    private CandidateOptions FromEnvironment(CandidateOptions told, ParseResult parse, Func<string, string?> environment)
    {
        bool Given(Option option) => parse.GetResult(option) is { Implicit: false };
        string? Env(string name) => CandidateEnvironment.Text(environment, name);

        var node = Given(_node) ? told.Node : Env(CandidateEnvironment.Node) ?? Dns.GetHostName();
        var backend = Given(_backend) ? told.Backend : Env(CandidateEnvironment.Backend)
            ?? throw new FormatException($"no backend: set {CandidateEnvironment.Backend} or {BackendOption} to one of {string.Join(", ", BackendNames.All)}");
        if (!BackendNames.All.Contains(backend)) throw new FormatException($"{CandidateEnvironment.Backend}: no election recipe named \"{backend}\"; the recipes are {string.Join(", ", BackendNames.All)}");
        var servers = Given(_servers) ? told.Servers : (Env(CandidateEnvironment.Servers) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (OverHttp.Contains(backend)) servers = [.. servers.Select(s => s.Contains("://", StringComparison.Ordinal) ? s : "http://" + s)];
        var peers = Given(_peers) ? told.Peers : Env(CandidateEnvironment.Peers) ?? string.Empty;
        var kubeconfig = Given(_kubeconfig) ? told.Kubeconfig : Env(CandidateEnvironment.Kubeconfig);
        if (AmongPeers.Contains(backend) ? peers.Length == 0 : servers.Count == 0 && kubeconfig is null)
        {
            throw new FormatException(AmongPeers.Contains(backend)
                ? $"{backend} elects among the candidates: set {CandidateEnvironment.Peers} or {PeersOption} (NAME=ADDRESS:PORT, comma separated)"
                : $"{backend} needs its servers: set {CandidateEnvironment.Servers} or {ServersOption} (host:port, comma separated)");
        }

        var port = parse.GetValue(_statusPort) is { } p ? CandidateEnvironment.Port(p, StatusPortOption)
            : CandidateEnvironment.Port(environment, CandidateEnvironment.StatusPort)
            ?? throw new FormatException($"no status port: set {CandidateEnvironment.StatusPort} or {StatusPortOption} (1 to 65535)");
        var ledger = parse.GetValue(_ledger) is { } l ? CandidateEnvironment.Url(l, LedgerOption)
            : Env(CandidateEnvironment.Ledger) is { } url ? CandidateEnvironment.Url(url, CandidateEnvironment.Ledger) : null;
        return told with
        {
            Node = node,
            Backend = backend,
            Servers = servers,
            Peers = peers,
            Kubeconfig = kubeconfig,
            Ttl = Given(_ttl) ? told.Ttl : CandidateEnvironment.Milliseconds(environment, CandidateEnvironment.TtlMs) ?? told.Ttl,
            JobInterval = Given(_job) ? told.JobInterval : CandidateEnvironment.Milliseconds(environment, CandidateEnvironment.JobIntervalMs) ?? told.JobInterval,
            StatusPort = port,
            Ledger = ledger,
        };
    }
}
