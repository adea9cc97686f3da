using System.Text.Json.Nodes;

namespace ElectionJepsen.Checkers.Results;

/// <summary>
/// Values read from a JSON file written by someone else (a stored run's results.json or
/// test.json): each gives null, or nothing, for a value of the wrong type, never an exception.
/// </summary>
public static class JsonValues
{
    /// <summary>A finite JSON number, or null for anything else.</summary>
    public static double? Number(JsonNode? node) => node is JsonValue v && v.TryGetValue<double>(out var d) && double.IsFinite(d) ? d : null;

    /// <summary>An integral JSON number exactly; another number rounded towards zero within the range of a long.</summary>
    public static long? Long(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<long>(out var l) ? l
        : Number(node) is { } d ? (long)Math.Clamp(d, long.MinValue, long.MaxValue)
        : null;

    public static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The strings of an array, its other values left out.</summary>
    public static IReadOnlyList<string> Strings(JsonNode? node) => node is JsonArray list ? [.. list.Select(Text).OfType<string>()] : [];

    /// <summary>The integers of an array, its other values left out.</summary>
    public static IReadOnlyList<long> Longs(JsonNode? node) => node is JsonArray list ? [.. list.Select(Long).OfType<long>()] : [];
}
