using System.Globalization;
using System.Text;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Reports.Html;

/// <summary>
/// report.html: one self-contained page per run or check (inline CSS and SVG, no script, so it
/// reads the same with scripts off and fetches nothing): the verdict and which checks ran over
/// all, some or none of the operations, then the timeline (one
/// lane per candidate: epochs coloured by token, claims, writes and jobs accepted and refused,
/// events, shaded nemesis windows, leaderless windows, violations where they happen), every
/// violation with its history lines and a zoomed timeline around it, the failover
/// distribution, the test's options and the command that reruns it, operation counts and why
/// operations failed, the events, and the nodes' logs.
/// </summary>
public static partial class RunReport
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
            : $"{(test.Candidate is { } c ? $"{c.Name} on " : string.Empty)}{test.Backend} under {(test.Nemeses.Count == 0 ? "none" : string.Join(",", test.Nemeses))}, seed {test.Seed}";
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>{Html.Encode(title)}: {Verdict(result)}</title><style>{Style.Css}</style></head><body>");
        Banner(html, result, title);
        Checks(html, result);
        html.Append("<section><h2>Timeline</h2>");
        html.Append("<p class=\"legend\"><span class=\"k epoch\"></span>leading (colour: token; grey: no token reported) <span class=\"k claim\"></span>claims \"I lead\" ");
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

    private static string Verdict(CheckResult r) => r.Valid == Validity.True && !r.FullyJudged ? "valid (partly judged)" : r.Valid.Describe();

    private static void Banner(StringBuilder html, CheckResult r, string title)
    {
        var css = r.Valid == Validity.True && !r.FullyJudged ? "partly" : Html.VerdictClass(r.Valid);
        var detail = r.Valid switch
        {
            Validity.True when !r.FullyJudged => "no violation found, but not every check could run over every operation (see Checks)",
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

        if (r.LongestWithoutLeader is { } gap) html.Append(CultureInfo.InvariantCulture, $"; longest without a leader acting {Ms((gap.ToNs - gap.FromNs) / 1e6)}");
        if (r.Fencing is { } fencing) html.Append(CultureInfo.InvariantCulture, $"; fencing refused {Words.Count(fencing.WritesRefused, "stale write")} and {Words.Count(fencing.JobsRefused, "stale job")}");
        html.Append("</p>");
        foreach (var w in r.Warnings) html.Append(CultureInfo.InvariantCulture, $"<p class=\"warning\">warning: {Html.Encode(w)}</p>");
        html.Append("</header>");
    }

    internal static string Ms(double ms) => ms >= 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{ms / 1000:0.##} s")
        : string.Create(CultureInfo.InvariantCulture, $"{ms:0.#} ms");
}
