using System.Globalization;
using System.Text;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Reports.Html;

/// <summary>Operation counts and why operations failed, the events the processes noted, and the nodes' logs.</summary>
public static partial class RunReport
{
    private static void Counts(StringBuilder html, History history)
    {
        var counts = history.Operations.GroupBy(o => (o.F, o.Outcome)).ToDictionary(g => g.Key, g => g.LongCount());
        var outcomes = new[] { Outcome.Ok, Outcome.Fail, Outcome.Info };
        html.Append("<section><h2>Operations</h2><table class=\"counts\"><tr><th>f</th>");
        foreach (var o in outcomes) html.Append(CultureInfo.InvariantCulture, $"<th>{o.ToString().ToLowerInvariant()}</th>");
        html.Append("</tr>");
        foreach (var f in counts.Keys.Select(k => k.F).Distinct().Order(StringComparer.Ordinal))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.Encode(f)}</td>");
            foreach (var o in outcomes) html.Append(CultureInfo.InvariantCulture, $"<td>{counts.GetValueOrDefault((f, o)):N0}</td>");
            html.Append("</tr>");
        }

        html.Append("</table>");
        var reasons = history.Operations.Where(o => o.Outcome != Outcome.Ok)
            .GroupBy(o => (o.F, o.Outcome, Error: o.IsOpen ? "(still open at the end)" : o.Error ?? string.Empty))
            .Select(g => (g.Key, Count: g.LongCount()))
            .OrderByDescending(x => x.Count).ThenBy(x => x.Key.F, StringComparer.Ordinal).ThenBy(x => x.Key.Error, StringComparer.Ordinal)
            .ToList();
        if (reasons.Count > 0)
        {
            html.Append("<h3>Why operations failed or ended unknown</h3><table class=\"counts\"><tr><th>f</th><th>outcome</th><th>error</th><th>count</th></tr>");
            foreach (var ((f, outcome, error), count) in reasons.Take(MaxReasonsShown))
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.Encode(f)}</td><td>{outcome.ToString().ToLowerInvariant()}</td><td>{Html.Encode(Html.Shorten(error, 300))}</td><td>{count:N0}</td></tr>");
            }

            html.Append("</table>");
            if (reasons.Count > MaxReasonsShown) html.Append(CultureInfo.InvariantCulture, $"<p>... and {reasons.Count - MaxReasonsShown:N0} more reasons.</p>");
        }

        html.Append("</section>");
    }

    private static void Events(StringBuilder html, History history)
    {
        var notes = history.Notes;
        if (notes.Count == 0) return;
        html.Append(CultureInfo.InvariantCulture, $"<section><h2>Events ({notes.Count:N0})</h2><p class=\"meta\">Notes the processes made (not operations; no verdict depends on them).</p><table class=\"events\"><tr><th>time</th><th>process</th><th>what</th></tr>");
        foreach (var n in notes.Take(MaxEventsShown))
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{TimelineSvg.Seconds(n.Time)}</td><td>{Html.Encode(n.Process)}</td><td>{Html.Encode(Html.Shorten(TimelineData.NoteText(n), 2000))}</td></tr>");
        }

        html.Append("</table>");
        if (notes.Count > MaxEventsShown) html.Append(CultureInfo.InvariantCulture, $"<p>... and {notes.Count - MaxEventsShown:N0} more in the history.</p>");
        html.Append("</section>");
    }

    private static void Logs(StringBuilder html, string reportDirectory, string runDirectory)
    {
        var logs = new List<string>();
        if (Directory.Exists(runDirectory))
        {
            logs.AddRange(Directory.EnumerateFiles(runDirectory, "*.log"));
            var nodes = Path.Combine(runDirectory, StoreLayout.NodesFolder);
            if (Directory.Exists(nodes)) logs.AddRange(Directory.EnumerateFiles(nodes, "*.log", SearchOption.AllDirectories));
        }

        if (logs.Count == 0) return;
        html.Append("<section><h2>Logs</h2><ul class=\"logs\">");
        foreach (var log in logs.Order(NaturalOrder.Instance))
        {
            var relative = Path.GetRelativePath(reportDirectory, log).Replace(Path.DirectorySeparatorChar, '/');
            var href = string.Join('/', relative.Split('/').Select(Uri.EscapeDataString));
            html.Append(CultureInfo.InvariantCulture, $"<li><a href=\"{Html.Encode(href)}\">{Html.Encode(Path.GetRelativePath(runDirectory, log))}</a> ({new FileInfo(log).Length:N0} bytes)</li>");
        }

        html.Append("</ul></section>");
    }
}
