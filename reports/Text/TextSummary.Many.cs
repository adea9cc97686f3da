using System.Globalization;
using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Reports.Text;

/// <summary>The summary of many histories checked at once: a line each, then the totals.</summary>
public static partial class TextSummary
{
    /// <summary>
    /// One line for one history: its path and verdict (the violations' count and kinds, or why it
    /// is unknown; a valid one that was not fully judged says what was not), or, when there is no verdict, the problem; a problem after a verdict (its
    /// results could not be written) follows it on the same line.
    /// </summary>
    public static void Line(TextWriter o, string historyPath, CheckResult? result, string? problem, int pathWidth = 0)
    {
        var verdict = result?.Valid switch
        {
            null => problem ?? "not checked",
            Validity.True when result.NotFullyJudged() is { } partly => $"valid (partly judged: {partly})",
            Validity.True => "valid",
            Validity.False => $"INVALID: {Words.Count(result.Violations.Count, "violation")} ({string.Join(", ", result.Violations.Select(v => v.Kind).Distinct())})",
            _ => $"unknown: {result.UnknownReason}",
        };
        var after = result is not null && problem is not null ? $"; {problem}" : string.Empty;
        o.WriteLine($"{E(historyPath).PadRight(pathWidth)}  {E(verdict + after)}");
    }

    /// <summary>The closing line: how many histories, how many of each outcome, how long it all took and how long the searches took together.</summary>
    public static void Totals(TextWriter o, int histories, IEnumerable<(string Outcome, int Count)> counts, TimeSpan elapsed, double searchMs)
    {
        var parts = string.Join(", ", counts.Where(c => c.Count > 0).Select(c => $"{c.Count.ToString(CultureInfo.InvariantCulture)} {c.Outcome}"));
        o.WriteLine($"checked   {Words.Count(histories, "history", "histories")} in {Ms(elapsed.TotalMilliseconds)}: {parts}; the searches took {Ms(searchMs)} in all");
    }
}
