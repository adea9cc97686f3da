using System.Net;

namespace LeaderService;

/// <summary>What the harness tells the service through its environment (docs/candidate.md).</summary>
public sealed record CandidateSettings(
    string Node,
    IReadOnlyList<DnsEndPoint> RedisServers,
    TimeSpan Ttl,
    TimeSpan JobInterval,
    int StatusPort,
    Uri Ledger)
{
    public static CandidateSettings From(IConfiguration configuration)
    {
        string Required(string name) =>
            configuration[name] is { Length: > 0 } value ? value : throw new InvalidOperationException($"{name} is not set");

        return new CandidateSettings(
            Node: Required("EJ_NODE"),
            RedisServers: [.. Required("EJ_SERVERS").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Server)],
            Ttl: TimeSpan.FromMilliseconds(int.Parse(configuration["EJ_TTL_MS"] ?? "5000")),
            JobInterval: TimeSpan.FromMilliseconds(int.Parse(configuration["EJ_JOB_INTERVAL_MS"] ?? "1000")),
            StatusPort: int.Parse(Required("EJ_STATUS_PORT")),
            Ledger: new Uri(Required("EJ_LEDGER")));
    }

    private static DnsEndPoint Server(string hostPort)
    {
        var colon = hostPort.LastIndexOf(':');
        return new DnsEndPoint(hostPort[..colon], int.Parse(hostPort[(colon + 1)..]));
    }
}
