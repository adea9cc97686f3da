using System.Globalization;
using System.Text;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Reports.Html;

/// <summary>Which checks ran, every violation with its evidence and a zoomed timeline, and the failover distribution.</summary>
public static partial class RunReport
{
    /// <summary>The checks and how far each ran: all, some (and why not all), or not run (and why).</summary>
    private static void Checks(StringBuilder html, CheckResult r)
    {
        if (r.Checks.Count == 0) return;
        html.Append(CultureInfo.InvariantCulture, $"<section><h2>Checks</h2><table class=\"checks\"><tr><th>check</th><th>ran</th><th>why not over every operation</th></tr>");
        foreach (var c in r.Checks)
        {
            var ran = c.Ran switch
            {
                Coverage.All => "over all operations",
                Coverage.Some => "over some",
                _ => "not run",
            };
            html.Append(CultureInfo.InvariantCulture, $"<tr class=\"{c.Ran.Word()}\"><td>{Html.Encode(c.Name)}</td><td>{ran}</td><td>{Html.Encode(c.Why ?? string.Empty)}</td></tr>");
        }

        html.Append("</table></section>");
    }

    private static void Violations(StringBuilder html, CheckResult r, TimelineData data, string historyPath)
    {
        html.Append(CultureInfo.InvariantCulture, $"<section><h2>Violations ({r.Violations.Count})</h2>");
        if (r.Violations.Count == 0)
        {
            html.Append("<p>None.</p></section>");
            return;
        }

        var shown = r.Violations.Take(MaxViolationsShown).ToList();
        var lines = EvidenceLines(historyPath, shown.SelectMany(v => v.Indices).ToHashSet());
        var markAt = data.Marks.ToDictionary(m => m.Number, m => m.AtNs);
        for (var i = 0; i < shown.Count; i++)
        {
            var v = shown[i];
            var number = i + 1;
            html.Append(CultureInfo.InvariantCulture, $"<article class=\"violation\" id=\"v{number}\"><h3>{number}. {Html.Encode(v.Kind)}{(v.Key.Length > 0 ? $" [{Html.Encode(v.Key)}]" : string.Empty)}</h3>");
            html.Append(CultureInfo.InvariantCulture, $"<p>{Html.Encode(v.Description)}</p><p class=\"meta\">processes {Html.Encode(string.Join(", ", v.Processes))}; {(v.Tokens.Count == 0 ? "no tokens" : $"tokens {string.Join(", ", v.Tokens)}")}");
            if (v.OverlapNs is { } overlap) html.Append(CultureInfo.InvariantCulture, $"; overlap {TimelineSvg.Millis(overlap)}");
            if (v.Count > 1) html.Append(CultureInfo.InvariantCulture, $"; {v.Count} such acts");
            html.Append("</p><pre class=\"evidence\">");
            foreach (var index in v.Indices) html.Append(CultureInfo.InvariantCulture, $"line {index + 1}: {Html.Encode(lines.GetValueOrDefault(index, "(not in the file)"))}\n");
            html.Append("</pre>");
            if (i < MaxZooms && markAt.TryGetValue(number, out var at))
            {
                // From a little before the overlap began (the successor's grant) to a little after
                // the act, so the grant, the stale act and what fencing did next are all in view.
                var before = v.OverlapNs ?? 0;
                var margin = Math.Max(500_000_000L, before / 5);
                html.Append("<details open><summary>the timeline around it</summary>");
                TimelineSvg.Write(html, data, Math.Max(0, at - before - margin), Math.Min(data.EndNs, at + (2 * margin)), $"zoom{number}");
                html.Append("</details>");
            }

            html.Append("</article>");
        }

        if (r.Violations.Count > shown.Count) html.Append(CultureInfo.InvariantCulture, $"<p>... and {r.Violations.Count - shown.Count} more in {StoreLayout.ResultsFile}.</p>");
        html.Append("</section>");
    }

    /// <summary>The raw history lines at the given indices, read in one pass.</summary>
    private static Dictionary<long, string> EvidenceLines(string historyPath, HashSet<long> wanted)
    {
        if (!File.Exists(historyPath)) return [];
        return HistoryLines.Read(historyPath, wanted, 2000).ToDictionary(l => l.Key, l => l.Value.Truncated ? l.Value.Text + "…" : l.Value.Text);
    }

    private static void Failover(StringBuilder html, CheckResult r)
    {
        html.Append("<section><h2>Failover</h2>");
        var windows = r.FailoverWindows.Select(w => (w.ToNs - w.FromNs) / 1e6).Order().ToList();
        if (r.Failover is not { Count: > 0 } f || windows.Count == 0)
        {
            html.Append("<p>No change of leader, so no leaderless window to measure.</p></section>");
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<table class=\"stats\"><tr><th>windows</th><th>min</th><th>p50</th><th>p90</th><th>p99</th><th>max</th></tr><tr><td>{f.Count}</td><td>{Ms(f.MinMs)}</td><td>{Ms(f.P50Ms)}</td><td>{Ms(f.P90Ms)}</td><td>{Ms(f.P99Ms)}</td><td>{Ms(f.MaxMs)}</td></tr></table>");
        Charts.Cdf(html, windows, [("p50", f.P50Ms), ("p90", f.P90Ms), ("p99", f.P99Ms), ("max", f.MaxMs)]);
        html.Append("</section>");
    }
}
