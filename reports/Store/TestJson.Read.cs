using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json = ElectionJepsen.Checkers.Results.JsonValues;

namespace ElectionJepsen.Reports.Store;

public sealed partial record TestJson
{
    /// <exception cref="JsonException">the file is not JSON, or not a JSON object.</exception>
    /// <exception cref="IOException">the file cannot be read.</exception>
    public static TestJson Read(string path) => Read(JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException($"{StoreLayout.TestFile} is not an object"));

    public static TestJson Read(JsonObject o) => new()
    {
        RunId = Json.Text(o[Keys.RunId]),
        Backend = Json.Text(o[Keys.Backend]),
        Nemeses = o[Keys.Nemesis] switch
        {
            JsonArray list => [.. list.Select(Json.Text).OfType<string>().Where(n => n.Length > 0)],
            JsonValue single when Json.Text(single) is { Length: > 0 } one && one != "none" => [one],
            _ => [],
        },
        Nodes = Json.Long(o[Keys.Nodes]) is { } nodes ? (int)Math.Clamp(nodes, int.MinValue, int.MaxValue) : null,
        TimeLimitS = Json.Number(o[Keys.TimeLimitS]),
        NemesisIntervalS = Json.Number(o[Keys.NemesisIntervalS]),
        Seed = Json.Long(o[Keys.Seed]),
        TtlMs = Json.Number(o[Keys.TtlMs]),
        Fencing = o[Keys.Fencing] is not JsonValue f || !f.TryGetValue<bool>(out var fencing) || fencing,
        Runtime = Json.Text(o[Keys.Runtime]) ?? LocalRuntime,
        ClaimIntervalMs = Json.Number(o[Keys.ClaimIntervalMs]),
        WriteIntervalMs = Json.Number(o[Keys.WriteIntervalMs]),
        JobIntervalMs = Json.Number(o[Keys.JobIntervalMs]),
        ClaimTimeoutMs = Json.Number(o[Keys.ClaimTimeoutMs]),
        PartitionScope = Json.Text(o[Keys.PartitionScope]),
        Delay = o[Keys.Delay] is JsonObject d
            ? new DelaySettings(Json.Number(d[Keys.DelayMs]) ?? 0, Json.Number(d[Keys.JitterMs]) ?? 0, Json.Text(d[Keys.Distribution]) ?? string.Empty, Json.Number(d[Keys.Duplicate]) ?? 0, Json.Number(d[Keys.Loss]) ?? 0)
            : null,
        PartitionShapes = o[Keys.PartitionShapes] is JsonArray shapes ? [.. shapes.Select(Json.Text).OfType<string>()] : [],
        Servers = o[Keys.Servers] is JsonObject s
            ? new ServerTuning(
                Json.Number(s[Keys.EtcdHeartbeatMs]) ?? 0,
                Json.Number(s[Keys.EtcdElectionTimeoutMs]) ?? 0,
                s[Keys.EtcdPreVote] is JsonValue p && p.TryGetValue<bool>(out var preVote) && preVote,
                Json.Number(s[Keys.ZooKeeperTickMs]) ?? 0)
            : null,
        Candidate = o[Keys.Candidate] is JsonObject c && Json.Text(c[Keys.CandidateName]) is { } candidateName
            ? new CandidateRecord(
                candidateName,
                Json.Text(c[Keys.CandidateDirectory]) ?? string.Empty,
                c[Keys.CandidateRun] is JsonArray run ? [.. run.Select(Json.Text).OfType<string>()] : [],
                Json.Text(c[Keys.CandidateClock]),
                Json.Text(c[Keys.CandidateImage]))
            : null,
        Kubernetes = o[Keys.Kubernetes] is JsonObject k
            ? new KubernetesCluster(Json.Text(k[Keys.Kubeconfig]) ?? string.Empty, Json.Text(k[Keys.Server]) ?? string.Empty, Json.Text(k[Keys.Namespace]) ?? string.Empty, Json.Text(k[Keys.Lease]) ?? string.Empty)
            : null,
        Started = Json.Text(o[Keys.Started]) is { } started && DateTimeOffset.TryParse(started, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
        Versions = o[Keys.Versions] is JsonObject v ? new Versions(Json.Text(v[Keys.ServersVersion]), Json.Text(v[Keys.Dotnet]), Json.Text(v[Keys.Kernel])) : null,
        Command = Json.Text(o[Keys.Command]),
        Rerun = Json.Text(o[Keys.Rerun]),
        Fields = [.. Keys.Shown.Where(name => o[name] is not null).Select(name => (name, Shown(o[name]!)))],
        VersionFields = o[Keys.Versions] is JsonObject versions ? [.. versions.Select(kv => (kv.Key, kv.Value?.ToString() ?? string.Empty))] : [],
    };

    /// <summary>A field as the file holds it: a value as it is, a list by commas (or none), anything else as its JSON.</summary>
    private static string Shown(JsonNode value) => value switch
    {
        JsonValue => value.ToString(),
        JsonArray list => list.Count == 0 ? "none" : string.Join(", ", list.Select(x => x?.ToString())),
        _ => value.ToJsonString(),
    };
}
