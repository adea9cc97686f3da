using System.Globalization;
using System.Text;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Reports.Html;

/// <summary>
/// report.html: one self-contained page per run or check (inline CSS and SVG, no script, so it
/// reads the same with scripts off and fetches nothing): the verdict, then the timeline (one
/// lane per candidate: epochs coloured by token, claims, writes and jobs accepted and refused,
/// events, shaded nemesis windows, leaderless windows, violations where they happen), every
/// violation with its history lines and a zoomed timeline around it, the failover
/// distribution, the test's options and the command that reruns it, operation counts and why
/// operations failed, the events, and the nodes' logs.
/// </summary>
public static class RunReport
{
    public const string FileName = StoreLayout.ReportFile;
    private const int MaxViolationsShown = 100;
    private const int MaxZooms = 20;
    private const int MaxEventsShown = 500;
    private const int MaxReasonsShown = 50;

    /// <summary>Writes the report of <paramref name="history"/> (read from <paramref name="historyPath"/>) into <paramref name="directory"/>.</summary>
    public static string Write(string directory, string historyPath, History history, CheckResult result)
    {
        var path = Path.Combine(directory, FileName);
        AtomicFile.WriteText(path, Render(directory, historyPath, history, result));
        return path;
    }

    public static string Render(string directory, string historyPath, History history, CheckResult result)
    {
        var test = ReadTest(Path.GetDirectoryName(Path.GetFullPath(historyPath))!);
        var data = new TimelineData(history, result);
        var html = new StringBuilder(64 * 1024);
        var title = test is null
            ? $"{Path.GetFileName(historyPath)} ({result.Model})"
            : $"{test.Backend} under {(test.Nemeses.Count == 0 ? "none" : string.Join(",", test.Nemeses))}, seed {test.Seed}";
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>{Html.Encode(title)}: {Verdict(result)}</title><style>{Style.Css}</style></head><body>");
        Banner(html, result, title);
        html.Append("<section><h2>Timeline</h2>");
        html.Append("<p class=\"legend\"><span class=\"k epoch\"></span>leading (colour: token) <span class=\"k claim\"></span>claims \"I lead\" ");
        html.Append("<span class=\"k write-ok\"></span>writes and jobs accepted <span class=\"k refused\"></span>refused by fencing ");
        html.Append("<span class=\"k fault\"></span>nemesis <span class=\"k leaderless\"></span>no leader <span class=\"k violation\"></span>violation <span class=\"k event\"></span>event</p>");
        TimelineSvg.Write(html, data, 0, data.EndNs, "timeline");
        html.Append("</section>");
        Violations(html, result, data, historyPath);
        Failover(html, result);
        Test(html, test, historyPath, history);
        Counts(html, history);
        Events(html, history);
        Logs(html, directory, Path.GetDirectoryName(Path.GetFullPath(historyPath))!);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string Verdict(CheckResult r) => r.Valid.Describe();

    private static void Banner(StringBuilder html, CheckResult r, string title)
    {
        var css = Html.VerdictClass(r.Valid);
        var detail = r.Valid switch
        {
            Validity.True => "no violation",
            Validity.False => $"{Words.Count(r.Violations.Count, "violation")}: {string.Join(", ", r.Violations.GroupBy(v => v.Kind).Select(g => $"{g.Count()} × {g.Key}"))}",
            _ => r.UnknownReason ?? "the checker could not decide",
        };
        html.Append(CultureInfo.InvariantCulture, $"<header class=\"banner {css}\"><h1>{Html.Encode(title)}</h1><p class=\"verdict\">{Verdict(r)}: {Html.Encode(detail)}</p>");
        if (r.Failover is { Count: > 0 } f)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>failover: {Words.Count(f.Count, "leaderless window")}, p50 {Ms(f.P50Ms)}, p99 {Ms(f.P99Ms)}, max {Ms(f.MaxMs)}");
        }
        else if (r.Failover is not null)
        {
            html.Append("<p>failover: no change of leader");
        }

        if (r.Fencing is { } fencing) html.Append(CultureInfo.InvariantCulture, $"; fencing refused {Words.Count(fencing.WritesRefused, "stale write")} and {Words.Count(fencing.JobsRefused, "stale job")}");
        html.Append("</p>");
        foreach (var w in r.Warnings) html.Append(CultureInfo.InvariantCulture, $"<p class=\"warning\">warning: {Html.Encode(w)}</p>");
        html.Append("</header>");
    }

    private static void Test(StringBuilder html, TestJson? test, string historyPath, History history)
    {
        html.Append("<section><h2>The test</h2><table class=\"kv\">");
        if (test is not null)
        {
            foreach (var (name, value) in test.Fields) Row(html, name, value);
            foreach (var (name, value) in test.VersionFields) Row(html, $"version of {name}", value);
        }

        Row(html, "history", $"{historyPath} ({history.EventCount:N0} lines, {history.Operations.Length:N0} operations, processes {string.Join(" ", history.Processes)})");
        html.Append("</table>");
        if (test?.Rerun is { } rerun) html.Append(CultureInfo.InvariantCulture, $"<p>Rerun this test:</p><pre class=\"command\">{Html.Encode(rerun)}</pre>");
        html.Append("</section>");
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
            html.Append(CultureInfo.InvariantCulture, $"<p>{Html.Encode(v.Description)}</p><p class=\"meta\">processes {Html.Encode(string.Join(", ", v.Processes))}; tokens {string.Join(", ", v.Tokens)}");
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

        if (r.Violations.Count > shown.Count) html.Append(CultureInfo.InvariantCulture, $"<p>... and {r.Violations.Count - shown.Count} more in results.json.</p>");
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

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>{Html.Encode(name)}</th><td>{Html.Encode(value)}</td></tr>");

    /// <summary>The run's test.json, or null when there is none or it is not a JSON object (a check of a history from elsewhere).</summary>
    private static TestJson? ReadTest(string directory)
    {
        var path = Path.Combine(directory, StoreLayout.TestFile);
        if (!File.Exists(path)) return null;
        try
        {
            return TestJson.Read(path);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    internal static string Ms(double ms) => ms >= 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.##} s")
        : string.Create(CultureInfo.InvariantCulture, $"{ms:0.#} ms");
}
