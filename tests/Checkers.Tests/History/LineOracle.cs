using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;

namespace ElectionJepsen.Checkers.Tests.History;

/// <summary>
/// The line contract (docs/history.md) checked another way, with <see cref="JsonDocument"/>,
/// to judge the reader by: what is wrong with a line, or null.
/// </summary>
internal static class LineOracle
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, AllowDuplicateProperties = false };

    public static string? Problem(byte[] line, long position, ref long lastTime)
    {
        if (line.Length > 16 << 20) return "too long";
        if (!Utf8.IsValid(line)) return "invalid UTF-8";
        try
        {
            using var doc = JsonDocument.Parse(line, Options);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return "not an object";
            Strings(root);
            var has = root.EnumerateObject().Select(p => p.Name).ToHashSet();
            foreach (var required in new[] { "index", "time", "process", "type", "f" })
            {
                if (!has.Contains(required)) return $"no {required}";
            }

            if (Integer(root.GetProperty("index")) != position) return "index";
            var time = Integer(root.GetProperty("time"));
            if (time is null || time < 0 || time < lastTime) return "time";
            lastTime = time.Value;
            if (root.GetProperty("process").ValueKind != JsonValueKind.String || root.GetProperty("f").ValueKind != JsonValueKind.String) return "process or f";
            if (root.GetProperty("type").GetString() is not ("invoke" or "ok" or "fail" or "info" or "event")) return "type";
            if (root.TryGetProperty("key", out var key) && key.ValueKind != JsonValueKind.String) return "key";
            if (root.TryGetProperty("error", out var error) && error.ValueKind is not (JsonValueKind.String or JsonValueKind.Null)) return "error";
            return null;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return e.Message;
        }
    }

    /// <summary>Reads every string and name, which throws on an unpaired surrogate escape.</summary>
    private static void Strings(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in e.EnumerateObject())
                {
                    _ = p.Name;
                    Strings(p.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var x in e.EnumerateArray()) Strings(x);
                break;
            case JsonValueKind.String:
                _ = e.GetString();
                break;
            default:
                break;
        }
    }

    /// <summary>An integer by value (7, 7.0 and 70e-1 alike), or null.</summary>
    private static long? Integer(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Number) return null;
        if (e.TryGetInt64(out var n)) return n;
        return decimal.TryParse(e.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == decimal.Truncate(d) && d is >= long.MinValue and <= long.MaxValue
            ? (long)d
            : null;
    }
}
