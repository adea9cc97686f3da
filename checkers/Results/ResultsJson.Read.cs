using System.Text.Json;
using System.Text.Json.Nodes;
using static ElectionJepsen.Checkers.Results.JsonValues;

namespace ElectionJepsen.Checkers.Results;

/// <summary>
/// The read direction. A results.json may come from elsewhere (another tool, an older run, a
/// hand edit) and hold anything: a field that is absent or of another type reads as its
/// default (an unknown verdict, no violations, zero counts, a violation of kind "?" covering
/// one act; a violation that is not an object, too) rather than failing; only a file that is
/// not JSON, or not an object, throws.
/// The leaderless windows themselves are not stored, so they read back empty.
/// </summary>
public static partial class ResultsJson
{
    /// <exception cref="JsonException">the file is not JSON, or not a JSON object.</exception>
    /// <exception cref="IOException">the file cannot be read.</exception>
    public static CheckResult Read(string path) => Read(JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException($"{FileName} is not an object"));

    /// <summary>The largest time in milliseconds a history's nanoseconds can hold.</summary>
    private const double MaxMs = long.MaxValue / 1e6 - 1;

    public static CheckResult Read(JsonObject o)
    {
        var history = o[Keys.History] as JsonObject;
        return new CheckResult(
            ReadValidity(o[Keys.Valid]),
            Text(o[Keys.Model]) ?? string.Empty,
            new HistorySummary(Long(history?[Keys.Events]) ?? 0, Long(history?[Keys.Operations]) ?? 0, Strings(history?[Keys.Processes])),
            [.. (o[Keys.Violations] as JsonArray ?? []).Select(v => ReadViolation(v as JsonObject))])
        {
            Failover = o[Keys.Failover] is JsonObject f
                ? new FailoverStats(
                    (int)Math.Clamp(Long(f[Keys.Count]) ?? 0, 0, int.MaxValue),
                    Number(f[Keys.MinMs]) ?? 0, Number(f[Keys.P50Ms]) ?? 0, Number(f[Keys.P90Ms]) ?? 0, Number(f[Keys.P99Ms]) ?? 0, Number(f[Keys.MaxMs]) ?? 0)
                : null,
            LongestWithoutLeader = o[Keys.WithoutLeader] is JsonObject gap && Number(gap[Keys.FromMs]) is { } from && Number(gap[Keys.ToMs]) is { } to && from >= 0 && to >= from && to <= MaxMs
                ? new LeaderlessWindow(Text(gap[Keys.Key]) ?? string.Empty, (long)Math.Round(from * 1e6), (long)Math.Round(to * 1e6))
                : null,
            Fencing = o[Keys.Fencing] is JsonObject fencing
                ? new FencingStats(Long(fencing[Keys.WritesRefused]) ?? 0, Long(fencing[Keys.JobsRefused]) ?? 0)
                : null,
            Search = o[Keys.Search] is JsonObject s
                ? new SearchReport(ReadValidity(s[Keys.Valid]), Long(s[Keys.ElapsedMs]) ?? 0, Long(s[Keys.MemoEntries]) ?? 0, Text(s[Keys.UnknownReason]))
                {
                    Operations = Long(s[Keys.Operations]) ?? 0,
                    Failure = s[Keys.Failure] is JsonObject failure ? ReadViolation(failure) : null,
                }
                : null,
            UnknownReason = Text(o[Keys.UnknownReason]),
            Warnings = Strings(o[Keys.Warnings]),
            Checks = ReadChecks(o),
        };
    }

    /// <summary>
    /// The checks; a check with no name is left out, one whose coverage is not a known word
    /// reads as none. <c>fully_judged</c> is not read: it follows from the checks.
    /// </summary>
    private static IReadOnlyList<JudgedCheck> ReadChecks(JsonObject o) =>
    [
        .. (o[Keys.Checks] as JsonArray ?? [])
            .Select(c => c as JsonObject)
            .Where(c => Text(c?[Keys.Check]) is not null)
            .Select(c => new JudgedCheck(Text(c![Keys.Check])!, Coverages.Parse(Text(c[Keys.Ran])) ?? Coverage.None, Text(c[Keys.Why]))),
    ];

    private static Violation ReadViolation(JsonObject? node) => new(
        Text(node?[Keys.Kind]) ?? "?",
        Text(node?[Keys.Key]) ?? string.Empty,
        Strings(node?[Keys.Processes]),
        Longs(node?[Keys.Tokens]),
        Longs(node?[Keys.Indices]),
        Long(node?[Keys.OverlapNs]),
        Text(node?[Keys.Description]) ?? string.Empty)
    {
        Count = (int)Math.Clamp(Long(node?[Keys.Count]) ?? 1, int.MinValue, int.MaxValue),
    };

    private static Validity ReadValidity(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<bool>(out var b) ? (b ? Validity.True : Validity.False) : Validity.Unknown;
}
