using System.Globalization;
using System.Text;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Reports.Html;

/// <summary>
/// <c>STORE/index.html</c>: every run in the store compared. Rows are backends, columns
/// nemeses; a cell shows the newest run of its pair (verdict, stale leaders and the worst
/// overlap, stale writes accepted and refused, failover p50 and p99, a link to its report)
/// and how the earlier runs of the pair went. Below: a chart of failover per backend and
/// nemesis, and the list of every run. Self-contained and script-free, like the run report.
/// </summary>
public static partial class ComparisonPage
{
    public const string FileName = StoreLayout.IndexFile;

    /// <summary>Scans <paramref name="store"/> and writes its index.html (atomically); returns the path and what was compared.</summary>
    public static (string Path, StoreContents Contents) Write(string store, IReadOnlyList<string> backendOrder, IReadOnlyList<string> nemesisOrder)
    {
        var contents = StoreContents.Scan(store);
        var path = Path.Combine(store, FileName);
        AtomicFile.WriteText(path, Render(store, contents, backendOrder, nemesisOrder));

        return (path, contents);
    }

    public static string Render(string store, StoreContents contents, IReadOnlyList<string> backendOrder, IReadOnlyList<string> nemesisOrder)
    {
        var inv = CultureInfo.InvariantCulture;
        var runs = contents.Runs;
        var rows = Ordered(runs.Select(r => r.Row), backendOrder, r => r.Split(',')[0]);
        var columns = Ordered(runs.Select(r => r.Nemesis), nemesisOrder, n => n);
        var cells = runs.GroupBy(r => (r.Row, r.Nemesis)).ToDictionary(g => g.Key, g => g.ToList());
        var html = new StringBuilder(32 * 1024);
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
        html.Append(inv, $"<title>ElectionJepsen: {Words.Count(runs.Count, "run")} compared</title><style>{Style.Css}</style></head><body>");
        html.Append(inv, $"<header class=\"page\"><h1>ElectionJepsen: the backends compared</h1><p class=\"meta\">{Html.Encode(Source(store, contents))}: ");
        html.Append(inv, $"{Words.Count(runs.Count, "run")} of {Words.Count(rows.Count, "backend")} under {Words.Count(columns.Count, "nemesis", "nemeses")}");
        if (runs.Count > 0 && runs[0].Started is { } newest) html.Append(inv, $"; the newest started {Html.Encode(newest.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", inv))}");
        html.Append(".</p>");
        Tally(html, cells.Values.Select(c => c[0]).ToList());
        html.Append("</header>");
        if (runs.Count == 0)
        {
            html.Append("<p>No runs yet. Run a test, then this page is rewritten: <code>dotnet run --project harness -- --backend redis --nemesis partition</code></p>");
        }
        else
        {
            Matrix(html, rows, columns, cells);
            html.Append("<section><h2>Failover</h2><p class=\"meta\">The leaderless windows of the newest run of each backend and nemesis: the bar runs from p50 to p99, the dot is p50, the tick is the longest window. The scale is logarithmic.</p>");
            var bars = (from column in columns
                        from row in rows
                        where cells.TryGetValue((row, column), out var list) && list[0].Failover is { Count: > 0 }
                        let run = cells[(row, column)][0]
                        select new Charts.FailoverBar(row, column, run.Failover!, Href(run))).ToList();
            if (bars.Count == 0) html.Append("<p>No run has changed leader yet, so there is no leaderless window to show.</p>");
            else Charts.FailoverBars(html, bars, columns);
            html.Append("</section>");
            AllRuns(html, runs, contents.Stores.Count > 0 ? cells : null);
        }

        if (contents.Skipped.Count > 0)
        {
            html.Append(inv, $"<section><h2>Not compared ({contents.Skipped.Count})</h2><ul class=\"skipped\">");
            foreach (var (name, why) in contents.Skipped) html.Append(inv, $"<li>{Html.Encode(name)}: {Html.Encode(why)}</li>");
            html.Append("</ul></section>");
        }

        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void Tally(StringBuilder html, List<StoredRun> newest)
    {
        if (newest.Count == 0) return;
        var inv = CultureInfo.InvariantCulture;
        html.Append(inv, $"<p class=\"tally\"><span class=\"pill valid\">{newest.Count(r => r.Valid == Validity.True)} valid</span> <span class=\"pill invalid\">{newest.Count(r => r.Valid == Validity.False)} invalid</span>");
        var unknown = newest.Count(r => r.Valid == Validity.Unknown);
        if (unknown > 0) html.Append(inv, $" <span class=\"pill unknown\">{unknown} unknown</span>");
        html.Append(" (the newest run of each cell)</p>");
    }

    private static void Matrix(StringBuilder html, List<string> rows, List<string> columns, Dictionary<(string, string), List<StoredRun>> cells)
    {
        var inv = CultureInfo.InvariantCulture;
        html.Append("<section><h2>Verdicts</h2><table id=\"matrix\" class=\"matrix\"><thead><tr><th>backend</th>");
        foreach (var c in columns) html.Append(inv, $"<th scope=\"col\">{Html.Encode(c)}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append(inv, $"<tr><th scope=\"row\">{Html.Encode(row)}</th>");
            foreach (var column in columns)
            {
                if (!cells.TryGetValue((row, column), out var list))
                {
                    html.Append("<td class=\"cell empty\">not run</td>");
                    continue;
                }

                Cell(html, list);
            }

            html.Append("</tr>");
        }

        html.Append("</tbody></table></section>");
    }

    private static void Cell(StringBuilder html, List<StoredRun> list)
    {
        var inv = CultureInfo.InvariantCulture;
        var run = list[0];
        html.Append(inv, $"<td class=\"cell {Html.VerdictClass(run.Valid)}\"><a class=\"verdict\" href=\"{Href(run)}\">{Verdict(run.Valid)}</a>");
        if (run.ViolationCount > 0) html.Append(inv, $" <span class=\"count\">{Words.Count(run.ViolationCount, "violation")}</span>");
        html.Append("<ul>");
        html.Append(inv, $"<li class=\"stale-leader\">stale leaders {run.StaleLeaders}{(run.WorstOverlapNs is { } o ? $", worst overlap {TimelineSvg.Millis(o)}" : string.Empty)}</li>");
        html.Append(inv, $"<li class=\"stale-writes\">stale writes and jobs {run.StaleWritesAccepted} accepted, {(run.Refused is { } f ? $"{f.WritesRefused + f.JobsRefused} refused" : "none refused")}</li>");
        var others = run.Kinds.Where(k => k.Key is not ViolationKinds.StaleLeader and not ViolationKinds.StaleWriteAccepted).OrderBy(k => k.Key, StringComparer.Ordinal).ToList();
        if (others.Count > 0) html.Append(inv, $"<li class=\"other\">{Html.Encode(string.Join(", ", others.Select(k => $"{k.Key} {k.Value}")))}</li>");
        html.Append(run.Failover switch
        {
            { Count: > 0 } fo => string.Create(inv, $"<li class=\"failover\">failover p50 {RunReport.Ms(fo.P50Ms)}, p99 {RunReport.Ms(fo.P99Ms)} ({Words.Count(fo.Count, "window")})</li>"),
            not null => "<li class=\"failover\">no change of leader</li>",
            null => "<li class=\"failover\">failover not measured</li>",
        });
        html.Append(inv, $"<li class=\"meta\">{Html.Encode(Describe(run))}</li></ul>");
        if (list.Count > 1)
        {
            var earlier = list.Skip(1).ToList();
            html.Append(inv, $"<p class=\"earlier\">{Words.Count(earlier.Count, "earlier run")} ({Summary(earlier)}):");
            foreach (var e in earlier.Take(12)) html.Append(inv, $" <a class=\"dot {Html.VerdictClass(e.Valid)}\" href=\"{Href(e)}\" title=\"{Html.Encode($"{e.Name}{From(e)}: {Verdict(e.Valid)}")}\">{Symbol(e.Valid)}</a>");
            if (earlier.Count > 12) html.Append(" …");
            html.Append("</p>");
        }

        html.Append("</td>");
    }

    /// <summary>The list of every run; with <paramref name="cells"/> (several stores merged), each run's store and whether a newer run of its cell superseded it.</summary>
    private static void AllRuns(StringBuilder html, IReadOnlyList<StoredRun> runs, Dictionary<(string, string), List<StoredRun>>? cells)
    {
        var inv = CultureInfo.InvariantCulture;
        html.Append(inv, $"<section><h2>Every run ({runs.Count}, newest first)</h2><table id=\"runs\" class=\"runs\"><thead><tr><th>run</th>");
        if (cells is not null) html.Append("<th>store</th><th>in the table</th>");
        html.Append("<th>backend</th><th>nemesis</th><th>seed</th><th>verdict</th><th>violations</th><th>failover p50 / p99</th></tr></thead><tbody>");
        foreach (var r in runs)
        {
            var failover = r.Failover is { Count: > 0 } f ? $"{RunReport.Ms(f.P50Ms)} / {RunReport.Ms(f.P99Ms)}" : "–";
            var kinds = string.Join(", ", r.Kinds.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} {k.Value}"));
            html.Append(inv, $"<tr><td><a href=\"{Href(r)}\">{Html.Encode(r.Name)}</a></td>");
            if (cells is not null) Provenance(html, r, cells[(r.Row, r.Nemesis)][0]);
            html.Append(inv, $"<td>{Html.Encode(r.Row)}</td><td>{Html.Encode(r.Nemesis)}</td><td>{r.Seed}</td>");
            html.Append(inv, $"<td class=\"{Html.VerdictClass(r.Valid)}\">{Verdict(r.Valid)}</td><td>{Html.Encode(kinds)}</td><td>{failover}</td></tr>");
        }

        html.Append("</tbody></table></section>");
    }

    /// <summary>Known names first, in the given order, then the rest alphabetically.</summary>
    private static List<string> Ordered(IEnumerable<string> names, IReadOnlyList<string> order, Func<string, string> head)
    {
        return [.. names.Distinct().OrderBy(n => Html.Rank(order, head(n))).ThenBy(n => n, StringComparer.Ordinal)];
    }

    private static string Describe(StoredRun r)
    {
        var parts = new List<string>();
        if (r.Seed is { } seed) parts.Add($"seed {seed}");
        if (r.TimeLimitS is { } t) parts.Add(RunReport.Ms(t * 1000));
        if (r.TtlMs is { } ttl) parts.Add($"ttl {RunReport.Ms(ttl)}");
        if (r.Store is { } store) parts.Add($"from {store}");
        return string.Join(" · ", parts);
    }

    private static string Summary(List<StoredRun> runs) => string.Join(", ", runs.GroupBy(r => r.Valid).OrderBy(g => g.Key).Select(g => $"{g.Count()} {Verdict(g.Key)}"));

    /// <summary>The run's page, relative to this one: each step of its directory escaped.</summary>
    private static string Href(StoredRun r) => Html.Encode($"{string.Join('/', r.Link.Split('/').Select(Uri.EscapeDataString))}/{r.Page}");

    private static string Symbol(Validity v) => v switch { Validity.True => "✓", Validity.False => "✗", _ => "?" };

    private static string Verdict(Validity v) => v.Describe();
}
