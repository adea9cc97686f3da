using System.Text.Json;

namespace ElectionJepsen.Checkers.Results;

/// <summary>Writes <c>results.json</c> exactly as docs/results.md lays it out.</summary>
public static class ResultsJson
{
    public const string FileName = "results.json";

    public static void Write(CheckResult result, string path)
    {
        AtomicFile.Write(path, stream => Write(result, stream));
    }

    public static void Write(CheckResult result, Stream stream)
    {
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        WriteValidity(w, "valid", result.Valid);
        w.WriteString("model", result.Model);
        w.WriteStartObject("history");
        w.WriteNumber("events", result.History.Events);
        w.WriteNumber("operations", result.History.Operations);
        WriteStrings(w, "processes", result.History.Processes);
        w.WriteEndObject();
        w.WriteStartArray("violations");
        foreach (var v in result.Violations) WriteViolation(w, v);
        w.WriteEndArray();
        if (result.Failover is { } f)
        {
            w.WriteStartObject("failover");
            w.WriteNumber("count", f.Count);
            w.WriteNumber("min_ms", f.MinMs);
            w.WriteNumber("p50_ms", f.P50Ms);
            w.WriteNumber("p90_ms", f.P90Ms);
            w.WriteNumber("p99_ms", f.P99Ms);
            w.WriteNumber("max_ms", f.MaxMs);
            w.WriteEndObject();
        }

        if (result.Fencing is { } fencing)
        {
            w.WriteStartObject("fencing");
            w.WriteNumber("writes_refused", fencing.WritesRefused);
            w.WriteNumber("jobs_refused", fencing.JobsRefused);
            w.WriteEndObject();
        }

        if (result.Search is { } s)
        {
            w.WriteStartObject("search");
            WriteValidity(w, "valid", s.Valid);
            w.WriteNumber("operations", s.Operations);
            w.WriteNumber("elapsed_ms", s.ElapsedMs);
            w.WriteNumber("memo_entries", s.MemoEntries);
            if (s.UnknownReason is not null) w.WriteString("unknown_reason", s.UnknownReason);
            if (s.Failure is not null)
            {
                w.WritePropertyName("failure");
                WriteViolation(w, s.Failure);
            }

            w.WriteEndObject();
        }

        if (result.UnknownReason is not null) w.WriteString("unknown_reason", result.UnknownReason);
        if (result.Warnings.Count > 0) WriteStrings(w, "warnings", result.Warnings);
        w.WriteEndObject();
    }

    private static void WriteViolation(Utf8JsonWriter w, Violation v)
    {
        w.WriteStartObject();
        w.WriteString("kind", v.Kind);
        w.WriteString("key", v.Key);
        WriteStrings(w, "processes", v.Processes);
        w.WriteStartArray("tokens");
        foreach (var t in v.Tokens) w.WriteNumberValue(t);
        w.WriteEndArray();
        w.WriteStartArray("indices");
        foreach (var i in v.Indices) w.WriteNumberValue(i);
        w.WriteEndArray();
        if (v.OverlapNs is { } overlap) w.WriteNumber("overlap_ns", overlap);
        w.WriteString("description", v.Description);
        if (v.Count != 1) w.WriteNumber("count", v.Count);
        w.WriteEndObject();
    }

    private static void WriteValidity(Utf8JsonWriter w, string name, Validity v)
    {
        if (v == Validity.Unknown) w.WriteString(name, "unknown");
        else w.WriteBoolean(name, v == Validity.True);
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var s in values) w.WriteStringValue(s);
        w.WriteEndArray();
    }
}
