using System.Globalization;
using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Reports.Text;

/// <summary>
/// The short summary of a check that a person reads in a terminal. Every string that comes
/// from the history (or names it) passes <see cref="TerminalText.Escape"/>.
/// </summary>
public static partial class TextSummary
{
    private const int MaxViolationsShown = 20;

    public static void Write(TextWriter o, CheckResult r, string historyPath, string? resultsPath)
    {
        var h = r.History;
        o.WriteLine($"history   {E(historyPath)}: {h.Events:N0} lines, {h.Operations:N0} operations, {h.Processes.Count} processes ({Names(h.Processes)})");
        foreach (var warning in r.Warnings) o.WriteLine($"warning   {E(warning)}");
        o.WriteLine($"model     {r.Model}");
        var partly = r.NotFullyJudged();
        var verdict = r.Valid switch
        {
            Validity.True when partly is not null => $"valid (partly judged: {partly})",
            Validity.True => "valid: no violation",
            Validity.False => $"INVALID: {Words.Count(r.Violations.Count, "violation")}",
            _ => $"unknown: {E(r.UnknownReason)}",
        };
        o.WriteLine($"verdict   {verdict}");
        if (partly is not null && r.Valid != Validity.True) o.WriteLine($"judged    in part: {partly}");
        foreach (var v in r.Violations.Take(MaxViolationsShown))
        {
            var key = v.Key.Length > 0 ? $" [{E(v.Key)}]" : string.Empty;
            o.WriteLine($"  {E(v.Kind)}{key}: {E(v.Description)}");
            o.WriteLine($"      lines {string.Join(", ", v.Indices.Select(i => (i + 1).ToString(CultureInfo.InvariantCulture)))}");
        }

        if (r.Violations.Count > MaxViolationsShown)
        {
            o.WriteLine($"  ... and {r.Violations.Count - MaxViolationsShown} more in {E(resultsPath ?? ResultsJson.FileName)}");
        }

        if (r.Failover is { } f)
        {
            o.WriteLine(f.Count == 0
                ? "failover  no change of leader"
                : $"failover  {Words.Count(f.Count, "leaderless window")}: min {Ms(f.MinMs)}, p50 {Ms(f.P50Ms)}, p90 {Ms(f.P90Ms)}, p99 {Ms(f.P99Ms)}, max {Ms(f.MaxMs)}");
        }

        if (r.LongestWithoutLeader is { } gap)
        {
            o.WriteLine($"no leader longest {Durations.Format(gap.ToNs - gap.FromNs)} with no leader's act in flight, {Durations.Format(gap.FromNs)} to {Durations.Format(gap.ToNs)} into the run");
        }

        if (r.Fencing is { } fencing)
        {
            o.WriteLine($"fencing   {Words.Count(fencing.WritesRefused, "stale write")} and {Words.Count(fencing.JobsRefused, "stale job")} refused by the ledger");
        }

        if (r.Search is { } s)
        {
            var what = s.Valid switch
            {
                Validity.True => "linearizable",
                Validity.False => "not linearizable",
                _ => $"undecided ({E(s.UnknownReason)})",
            };
            o.WriteLine($"search    {what} in {Ms(s.ElapsedMs)} ({s.Operations:N0} operations placed, {s.MemoEntries:N0} memo entries)");
        }

        if (resultsPath is not null) o.WriteLine($"results   {E(resultsPath)}");
    }

    private static string Names(IReadOnlyList<string> names) =>
        E(names.Count <= 12 ? string.Join(' ', names) : string.Join(' ', names.Take(12)) + " ...");

    private static string E(string? text) => TerminalText.Escape(text);

    private static string Ms(double ms) => Durations.Format((long)(ms * 1e6));
}
