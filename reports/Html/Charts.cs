using System.Globalization;
using System.Text;

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
        var row = 0;
        foreach (var (label, ms) in markers)
        {
            var x = X(ms);
            html.Append(inv, $"<line class=\"marker\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Y(0)}\" y2=\"{Y(1)}\"/><text class=\"marker-label\" x=\"{x + 3:0.#}\" y=\"{Top + 12 + (row++ * 12)}\">{label} {RunReport.Ms(ms)}</text>");
        }

        html.Append(inv, $"<text class=\"axis\" x=\"{Left + (Width / 2)}\" y=\"{Y(0) + 32}\" text-anchor=\"middle\">leaderless window (fraction of windows no longer than it)</text></svg>");
    }
}
