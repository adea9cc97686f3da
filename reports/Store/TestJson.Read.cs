using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ElectionJepsen.Reports.Store;

public sealed partial record TestJson
{
    /// <exception cref="JsonException">the file is not JSON, or not a JSON object.</exception>
    /// <exception cref="IOException">the file cannot be read.</exception>
    public static TestJson Read(string path) => Read(JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException($"{StoreLayout.TestFile} is not an object"));

    public static TestJson Read(JsonObject o) => new()
    {
        RunId = Text(o[Keys.RunId]),
        Backend = Text(o[Keys.Backend]),
        Nemeses = o[Keys.Nemesis] switch
        {
            JsonArray list => [.. list.Select(Text).OfType<string>().Where(n => n.Length > 0)],
            JsonValue single when Text(single) is { Length: > 0 } one && one != "none" => [one],
            _ => [],
        },
        Nodes = Long(o[Keys.Nodes]) is { } nodes ? (int)Math.Clamp(nodes, int.MinValue, int.MaxValue) : null,
        TimeLimitS = Number(o[Keys.TimeLimitS]),
        NemesisIntervalS = Number(o[Keys.NemesisIntervalS]),
        Seed = Long(o[Keys.Seed]),
        TtlMs = Number(o[Keys.TtlMs]),
        Fencing = o[Keys.Fencing] is not JsonValue f || !f.TryGetValue<bool>(out var fencing) || fencing,
        ClaimIntervalMs = Number(o[Keys.ClaimIntervalMs]),
        WriteIntervalMs = Number(o[Keys.WriteIntervalMs]),
        JobIntervalMs = Number(o[Keys.JobIntervalMs]),
        ClaimTimeoutMs = Number(o[Keys.ClaimTimeoutMs]),
        PartitionScope = Text(o[Keys.PartitionScope]),
        Delay = o[Keys.Delay] is JsonObject d
            ? new DelaySettings(Number(d[Keys.DelayMs]) ?? 0, Number(d[Keys.JitterMs]) ?? 0, Text(d[Keys.Distribution]) ?? string.Empty, Number(d[Keys.Duplicate]) ?? 0, Number(d[Keys.Loss]) ?? 0)
            : null,
        PartitionShapes = o[Keys.PartitionShapes] is JsonArray shapes ? [.. shapes.Select(Text).OfType<string>()] : [],
        Servers = o[Keys.Servers] is JsonObject s
            ? new ServerTuning(
                Number(s[Keys.EtcdHeartbeatMs]) ?? 0,
                Number(s[Keys.EtcdElectionTimeoutMs]) ?? 0,
                s[Keys.EtcdPreVote] is JsonValue p && p.TryGetValue<bool>(out var preVote) && preVote,
                Number(s[Keys.ZooKeeperTickMs]) ?? 0)
            : null,
        Kubernetes = o[Keys.Kubernetes] is JsonObject k
            ? new KubernetesCluster(Text(k[Keys.Kubeconfig]) ?? string.Empty, Text(k[Keys.Server]) ?? string.Empty, Text(k[Keys.Namespace]) ?? string.Empty, Text(k[Keys.Lease]) ?? string.Empty)
            : null,
        Started = Text(o[Keys.Started]) is { } started && DateTimeOffset.TryParse(started, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
        Versions = o[Keys.Versions] is JsonObject v ? new Versions(Text(v[Keys.ServersVersion]), Text(v[Keys.Dotnet]), Text(v[Keys.Kernel])) : null,
        Command = Text(o[Keys.Command]),
        Rerun = Text(o[Keys.Rerun]),
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

    /// <summary>A JSON number, or null for anything else.</summary>
    private static double? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d) ? d : null;

    private static long? Long(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<long>(out var l) ? l
        : Number(node) is { } d ? (long)Math.Clamp(d, long.MinValue, long.MaxValue)
        : null;

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
