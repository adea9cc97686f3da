using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Reports.Store;

/// <summary>
/// What the comparison page needs of one run directory in the store, read from its
/// <c>test.json</c> (what was run) and <c>results.json</c> (what the checker found).
/// </summary>
public sealed record StoredRun(string Name, string Backend, string Nemesis, Validity Valid)
{
    public long? Seed { get; init; }

    public double? TimeLimitS { get; init; }

    public double? TtlMs { get; init; }

    public bool Fencing { get; init; } = true;

    /// <summary>When the run started (test.json's <c>started</c>), for ordering; the directory name breaks ties.</summary>
    public DateTimeOffset? Started { get; init; }

    /// <summary>Violations by kind: how many entries results.json lists of each.</summary>
    public IReadOnlyDictionary<string, int> Kinds { get; init; } = new Dictionary<string, int>();

    /// <summary>The longest overlap of a stale leader with its successor, when there was one.</summary>
    public long? WorstOverlapNs { get; init; }

    /// <summary>Stale writes the ledger accepted: the acts the stale-write-accepted violations cover.</summary>
    public long StaleWritesAccepted { get; init; }

    public FencingStats? Refused { get; init; }

    public FailoverStats? Failover { get; init; }

    /// <summary>The page to link: report.html when the run has one, else results.json.</summary>
    public string Page { get; init; } = "results.json";

    public int StaleLeaders => Kinds.GetValueOrDefault(ViolationKinds.StaleLeader);

    public int ViolationCount => Kinds.Values.Sum();

    /// <summary>A row of the comparison: the backend, and "fencing off" when the ledger did not fence.</summary>
    public string Row => Fencing ? Backend : $"{Backend}, fencing off";

    /// <summary>
    /// Reads the run in <paramref name="directory"/>. A directory that is not a run (no
    /// test.json or results.json) gives null with <paramref name="why"/> saying so.
    /// </summary>
    public static StoredRun? Read(string directory, out string? why)
    {
        why = null;
        var testPath = Path.Combine(directory, "test.json");
        var resultsPath = Path.Combine(directory, ResultsJson.FileName);
        if (!File.Exists(resultsPath))
        {
            why = "no results.json (a run still going, or one killed before its check)";
            return null;
        }

        if (!File.Exists(testPath))
        {
            why = "no test.json (a check of a history from elsewhere)";
            return null;
        }

        try
        {
            var test = JsonNode.Parse(File.ReadAllText(testPath)) as JsonObject ?? throw new JsonException("test.json is not an object");
            var results = JsonNode.Parse(File.ReadAllText(resultsPath)) as JsonObject ?? throw new JsonException("results.json is not an object");
            return FromJson(Path.GetFileName(directory), test, results, File.Exists(Path.Combine(directory, Html.RunReport.FileName)));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Files from elsewhere may hold anything (a duplicate key throws ArgumentException
            // on lookup): the run is listed as unreadable, never a reason to fail the page.
            why = $"unreadable: {e.Message}";
            return null;
        }
    }

    internal static StoredRun FromJson(string name, JsonObject test, JsonObject results, bool hasReport)
    {
        var backend = Text(test["backend"]) ?? throw new JsonException("test.json names no backend");
        var nemeses = test["nemesis"] switch
        {
            JsonArray list => list.Select(Text).OfType<string>().Where(n => n.Length > 0).ToList(),
            JsonValue v when Text(v) is { Length: > 0 } one && one != "none" => [one],
            _ => [],
        };
        var valid = results["valid"] switch
        {
            JsonValue v when v.TryGetValue<bool>(out var b) => b ? Validity.True : Validity.False,
            _ => Validity.Unknown,
        };
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        long? worst = null;
        long staleWrites = 0;
        foreach (var v in results["violations"] as JsonArray ?? [])
        {
            var kind = Text(v?["kind"]) ?? "?";
            kinds[kind] = kinds.GetValueOrDefault(kind) + 1;
            var count = (long?)Number(v?["count"]) ?? 1;
            if (kind == ViolationKinds.StaleWriteAccepted) staleWrites += count;
            if (kind == ViolationKinds.StaleLeader && Number(v?["overlap_ns"]) is { } overlap) worst = Math.Max(worst ?? 0, (long)overlap);
        }

        return new StoredRun(name, backend, nemeses.Count == 0 ? "none" : string.Join(",", nemeses), valid)
        {
            Seed = (long?)Number(test["seed"]),
            TimeLimitS = Number(test["time_limit_s"]),
            TtlMs = Number(test["ttl_ms"]),
            Fencing = test["fencing"] is not JsonValue f || !f.TryGetValue<bool>(out var fencing) || fencing,
            Started = Text(test["started"]) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            Kinds = kinds,
            WorstOverlapNs = worst,
            StaleWritesAccepted = staleWrites,
            Refused = results["fencing"] is JsonObject refused
                ? new FencingStats((long)(Number(refused["writes_refused"]) ?? 0), (long)(Number(refused["jobs_refused"]) ?? 0))
                : null,
            Failover = results["failover"] is JsonObject fo
                ? new FailoverStats(
                    (int)(Number(fo["count"]) ?? 0),
                    Ms(fo, "min_ms"), Ms(fo, "p50_ms"), Ms(fo, "p90_ms"), Ms(fo, "p99_ms"), Ms(fo, "max_ms"))
                : null,
            Page = hasReport ? Html.RunReport.FileName : ResultsJson.FileName,
        };
    }

    private static double Ms(JsonObject o, string name) => Number(o[name]) ?? 0;

    /// <summary>A JSON number, or null for anything else (files from elsewhere may hold anything).</summary>
    private static double? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d) ? d : null;

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

/// <summary>Every run of a store, newest first, and the directories that are not runs, with why.</summary>
public sealed record StoreContents(IReadOnlyList<StoredRun> Runs, IReadOnlyList<(string Name, string Why)> Skipped)
{
    public static StoreContents Scan(string store)
    {
        var runs = new List<StoredRun>();
        var skipped = new List<(string, string)>();
        foreach (var dir in Directory.EnumerateDirectories(store))
        {
            var name = Path.GetFileName(dir);
            if (name == "latest") continue;
            if (new DirectoryInfo(dir).LinkTarget is { } target)
            {
                skipped.Add((name, $"a link to {target}, compared where it points if that is in the store"));
                continue;
            }

            if (StoredRun.Read(dir, out var why) is { } run) runs.Add(run);
            else skipped.Add((name, why!));
        }

        return new StoreContents(
            [.. runs.OrderByDescending(r => r.Started ?? DateTimeOffset.MinValue).ThenByDescending(r => r.Name, StringComparer.Ordinal)],
            [.. skipped.OrderBy(s => s.Item1, StringComparer.Ordinal)]);
    }
}
