using System.Globalization;
using System.Text;
using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Reports.Html;

/// <summary>Small SVG charts of our own.</summary>
internal static class Charts
{
    /// <summary>The cumulative distribution of <paramref name="sortedMs"/> (ascending), with labelled markers.</summary>
    public static void Cdf(StringBuilder html, IReadOnlyList<double> sortedMs, IReadOnlyList<(string Label, double Ms)> markers)
    {
        const int Left = 60, Width = 640, Top = 16, Height = 220;
        var inv = CultureInfo.InvariantCulture;
        var max = Math.Max(sortedMs[^1], 1e-3) * 1.05;
        double X(double ms) => Left + (ms / max * Width);
        double Y(double fraction) => Top + ((1 - fraction) * Height);
        html.Append(inv, $"<svg id=\"failover-cdf\" class=\"chart\" viewBox=\"0 0 {Left + Width + 20} {Top + Height + 40}\" width=\"{Left + Width + 20}\" role=\"img\" aria-label=\"failover distribution\">");
        html.Append(inv, $"<line class=\"axis-line\" x1=\"{Left}\" y1=\"{Y(0)}\" x2=\"{Left + Width}\" y2=\"{Y(0)}\"/><line class=\"axis-line\" x1=\"{Left}\" y1=\"{Y(0)}\" x2=\"{Left}\" y2=\"{Y(1)}\"/>");
        foreach (var f in new[] { 0.0, 0.5, 0.9, 1.0 })
        {
            html.Append(inv, $"<text class=\"axis\" x=\"{Left - 6}\" y=\"{Y(f) + 4:0.#}\" text-anchor=\"end\">{f * 100:0}%</text>");
        }

        for (var i = 0; i <= 4; i++)
        {
            var ms = max * i / 4;
            html.Append(inv, $"<text class=\"axis\" x=\"{X(ms):0.#}\" y=\"{Y(0) + 16}\" text-anchor=\"middle\">{RunReport.Ms(ms)}</text>");
        }

        // The step curve: at each window's length the fraction of windows no longer than it.
        var path = new StringBuilder().Append(inv, $"M{X(0):0.##},{Y(0):0.##}");
        var step = Math.Max(1, sortedMs.Count / 2000);
        for (var i = 0; i < sortedMs.Count; i += step)
        {
            var x = X(sortedMs[i]);
            path.Append(inv, $" L{x:0.##},{Y((double)i / sortedMs.Count):0.##} L{x:0.##},{Y((double)(i + 1) / sortedMs.Count):0.##}");
        }

        path.Append(inv, $" L{X(sortedMs[^1]):0.##},{Y(1):0.##}");
        html.Append(inv, $"<path class=\"cdf\" d=\"{path}\"/>");
        // Markers at the same value share one line and one label ("p50 = p90 5.7 s"); labels
        // near the right edge are set to the left of their line so they stay inside the chart.
        var row = 0;
        foreach (var group in markers.GroupBy(m => RunReport.Ms(m.Ms)))
        {
            var x = X(group.First().Ms);
            var (lx, anchor) = x > Left + (Width * 0.75) ? (x - 3, "end") : (x + 3, "start");
            html.Append(inv, $"<line class=\"marker\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Y(0)}\" y2=\"{Y(1)}\"/><text class=\"marker-label\" x=\"{lx:0.#}\" y=\"{Top + 12 + (row++ * 12)}\" text-anchor=\"{anchor}\">{string.Join(" = ", group.Select(m => m.Label))} {group.Key}</text>");
        }

        html.Append(inv, $"<text class=\"axis\" x=\"{Left + (Width / 2)}\" y=\"{Y(0) + 32}\" text-anchor=\"middle\">leaderless window (fraction of windows no longer than it)</text></svg>");
    }

    /// <summary>One bar of the failover chart: a backend under a nemesis, and where its report is.</summary>
    public sealed record FailoverBar(string Row, string Column, FailoverStats Stats, string Href);

    /// <summary>
    /// Failover per backend and nemesis on a logarithmic axis: a group per nemesis, a bar per
    /// backend from p50 to p99 with a dot at p50 and a tick at the longest window.
    /// </summary>
    public static void FailoverBars(StringBuilder html, IReadOnlyList<FailoverBar> bars, IReadOnlyList<string> columnOrder)
    {
        const int Left = 210, Width = 760, RowHeight = 18, GroupGap = 22, Top = 10;
        var inv = CultureInfo.InvariantCulture;
        var lo = Math.Floor(Math.Log10(Math.Max(0.1, bars.Min(b => Math.Max(b.Stats.MinMs, 0.1)))));
        var hi = Math.Ceiling(Math.Log10(Math.Max(1, bars.Max(b => b.Stats.MaxMs))));
        if (hi <= lo) hi = lo + 1;
        double X(double ms) => Left + ((Math.Log10(Math.Max(ms, Math.Pow(10, lo))) - lo) / (hi - lo) * Width);
        var groups = bars.GroupBy(b => b.Column).OrderBy(g => Html.Rank(columnOrder, g.Key)).ToList();
        var height = Top + (groups.Count * GroupGap) + (bars.Count * RowHeight) + 40;
        html.Append(inv, $"<svg id=\"failover-chart\" class=\"chart\" viewBox=\"0 0 {Left + Width + 150} {height}\" width=\"100%\" role=\"img\" aria-label=\"failover per backend and nemesis\">");
        for (var e = lo; e <= hi; e++)
        {
            var x = X(Math.Pow(10, e));
            html.Append(inv, $"<line class=\"grid\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Top}\" y2=\"{height - 28}\"/><text class=\"axis\" x=\"{x:0.#}\" y=\"{height - 14}\" text-anchor=\"middle\">{RunReport.Ms(Math.Pow(10, e))}</text>");
        }

        var y = Top;
        var colour = 0;
        foreach (var group in groups)
        {
            y += GroupGap;
            html.Append(inv, $"<text class=\"group\" x=\"4\" y=\"{y - 6}\">{Html.Encode(group.Key)}</text>");
            var hue = (colour++ * 67 + 210) % 360;
            foreach (var b in group)
            {
                var s = b.Stats;
                var mid = y + (RowHeight / 2.0);
                var (x50, x99, xMax) = (X(s.P50Ms), X(s.P99Ms), X(s.MaxMs));
                html.Append(inv, $"<a href=\"{b.Href}\"><g class=\"bar\"><title>{Html.Encode($"{b.Row} under {b.Column}")}: {s.Count} windows, p50 {RunReport.Ms(s.P50Ms)}, p90 {RunReport.Ms(s.P90Ms)}, p99 {RunReport.Ms(s.P99Ms)}, max {RunReport.Ms(s.MaxMs)}</title>");
                html.Append(inv, $"<text class=\"lane\" x=\"20\" y=\"{mid + 4:0.#}\">{Html.Encode(Html.Shorten(b.Row, 26))}</text>");
                html.Append(inv, $"<rect x=\"{x50:0.#}\" y=\"{mid - 4:0.#}\" width=\"{Math.Max(2, x99 - x50):0.#}\" height=\"8\" rx=\"3\" fill=\"hsl({hue},60%,62%)\"/>");
                html.Append(inv, $"<line class=\"max\" x1=\"{xMax:0.#}\" x2=\"{xMax:0.#}\" y1=\"{mid - 6:0.#}\" y2=\"{mid + 6:0.#}\"/>");
                html.Append(inv, $"<circle cx=\"{x50:0.#}\" cy=\"{mid:0.#}\" r=\"4\" fill=\"hsl({hue},60%,38%)\"/>");
                html.Append(inv, $"<text class=\"value\" x=\"{Math.Max(xMax, x99) + 6:0.#}\" y=\"{mid + 4:0.#}\">{RunReport.Ms(s.P50Ms)} / {RunReport.Ms(s.P99Ms)}</text></g></a>");
                y += RowHeight;
            }
        }

        html.Append("</svg>");
    }
}
