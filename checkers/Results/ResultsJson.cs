using System.Text.Json;

namespace ElectionJepsen.Checkers.Results;

/// <summary>
/// <c>results.json</c>, as docs/results.md lays it out: written here, and read back here
/// (<see cref="Read(string)"/>), with the key names of <see cref="Keys"/> both ways.
/// </summary>
public static partial class ResultsJson
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
        WriteValidity(w, Keys.Valid, result.Valid);
        w.WriteString(Keys.Model, result.Model);
        w.WriteStartObject(Keys.History);
        w.WriteNumber(Keys.Events, result.History.Events);
        w.WriteNumber(Keys.Operations, result.History.Operations);
        WriteStrings(w, Keys.Processes, result.History.Processes);
        w.WriteEndObject();
        w.WriteStartArray(Keys.Violations);
        foreach (var v in result.Violations) WriteViolation(w, v);
        w.WriteEndArray();
        if (result.Failover is { } f)
        {
            w.WriteStartObject(Keys.Failover);
            w.WriteNumber(Keys.Count, f.Count);
            w.WriteNumber(Keys.MinMs, f.MinMs);
            w.WriteNumber(Keys.P50Ms, f.P50Ms);
            w.WriteNumber(Keys.P90Ms, f.P90Ms);
            w.WriteNumber(Keys.P99Ms, f.P99Ms);
            w.WriteNumber(Keys.MaxMs, f.MaxMs);
            w.WriteEndObject();
        }

        if (result.LongestWithoutLeader is { } gap)
        {
            w.WriteStartObject(Keys.WithoutLeader);
            w.WriteNumber(Keys.LongestMs, Math.Round((gap.ToNs - gap.FromNs) / 1e6, 6));
            w.WriteString(Keys.Key, gap.Key);
            w.WriteNumber(Keys.FromMs, Math.Round(gap.FromNs / 1e6, 6));
            w.WriteNumber(Keys.ToMs, Math.Round(gap.ToNs / 1e6, 6));
            w.WriteEndObject();
        }

        if (result.Fencing is { } fencing)
        {
            w.WriteStartObject(Keys.Fencing);
            w.WriteNumber(Keys.WritesRefused, fencing.WritesRefused);
            w.WriteNumber(Keys.JobsRefused, fencing.JobsRefused);
            w.WriteEndObject();
        }

        if (result.Search is { } s)
        {
            w.WriteStartObject(Keys.Search);
            WriteValidity(w, Keys.Valid, s.Valid);
            w.WriteNumber(Keys.Operations, s.Operations);
            w.WriteNumber(Keys.ElapsedMs, s.ElapsedMs);
            w.WriteNumber(Keys.MemoEntries, s.MemoEntries);
            if (s.UnknownReason is not null) w.WriteString(Keys.UnknownReason, s.UnknownReason);
            if (s.Failure is not null)
            {
                w.WritePropertyName(Keys.Failure);
                WriteViolation(w, s.Failure);
            }

            w.WriteEndObject();
        }

        if (result.UnknownReason is not null) w.WriteString(Keys.UnknownReason, result.UnknownReason);
        if (result.Warnings.Count > 0) WriteStrings(w, Keys.Warnings, result.Warnings);
        w.WriteBoolean(Keys.FullyJudged, result.FullyJudged);
        if (result.Checks.Count > 0)
        {
            w.WriteStartArray(Keys.Checks);
            foreach (var c in result.Checks)
            {
                w.WriteStartObject();
                w.WriteString(Keys.Check, c.Name);
                w.WriteString(Keys.Ran, c.Ran.Word());
                if (c.Why is not null) w.WriteString(Keys.Why, c.Why);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void WriteViolation(Utf8JsonWriter w, Violation v)
    {
        w.WriteStartObject();
        w.WriteString(Keys.Kind, v.Kind);
        w.WriteString(Keys.Key, v.Key);
        WriteStrings(w, Keys.Processes, v.Processes);
        w.WriteStartArray(Keys.Tokens);
        foreach (var t in v.Tokens) w.WriteNumberValue(t);
        w.WriteEndArray();
        w.WriteStartArray(Keys.Indices);
        foreach (var i in v.Indices) w.WriteNumberValue(i);
        w.WriteEndArray();
        if (v.OverlapNs is { } overlap) w.WriteNumber(Keys.OverlapNs, overlap);
        w.WriteString(Keys.Description, v.Description);
        if (v.Count != 1) w.WriteNumber(Keys.Count, v.Count);
        w.WriteEndObject();
    }

    private static void WriteValidity(Utf8JsonWriter w, string name, Validity v)
    {
        if (v == Validity.Unknown) w.WriteString(name, Keys.Unknown);
        else w.WriteBoolean(name, v == Validity.True);
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var s in values) w.WriteStringValue(s);
        w.WriteEndArray();
    }
}
