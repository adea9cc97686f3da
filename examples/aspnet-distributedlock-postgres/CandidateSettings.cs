namespace LeaderService;

/// <summary>What the harness tells the service through its environment (docs/candidate.md).</summary>
public sealed record CandidateSettings(
    string Node,
    string PostgresServer,
    TimeSpan Ttl,
    TimeSpan JobInterval,
    int StatusPort,
    Uri Ledger)
{
    /// <summary>An Npgsql connection string as the usual tutorial writes one: host, port, user, database.</summary>
    public string ConnectionString
    {
        get
        {
            var colon = PostgresServer.LastIndexOf(':');
            return $"Host={PostgresServer[..colon]};Port={PostgresServer[(colon + 1)..]};Username=postgres;Database=postgres;Application Name={Node}";
        }
    }

    public static CandidateSettings From(IConfiguration configuration)
    {
        string Required(string name) =>
            configuration[name] is { Length: > 0 } value ? value : throw new InvalidOperationException($"{name} is not set");

        return new CandidateSettings(
            Node: Required("EJ_NODE"),
            PostgresServer: Required("EJ_SERVERS").Split(',')[0],
            Ttl: TimeSpan.FromMilliseconds(int.Parse(configuration["EJ_TTL_MS"] ?? "5000")),
            JobInterval: TimeSpan.FromMilliseconds(int.Parse(configuration["EJ_JOB_INTERVAL_MS"] ?? "1000")),
            StatusPort: int.Parse(Required("EJ_STATUS_PORT")),
            Ledger: new Uri(Required("EJ_LEDGER")));
    }
}
