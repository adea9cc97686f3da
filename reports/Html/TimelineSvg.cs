using System.Globalization;
using System.Text;

namespace ElectionJepsen.Reports.Html;

/// <summary>Draws the timeline, or a zoomed part of it, as SVG.</summary>
internal static partial class TimelineSvg
{
    private const int Left = 70;
    private const int Lane = 24;
    private const int Top = 38;

    public static void Write(StringBuilder html, TimelineData data, long fromNs, long toNs, string id)
    {
        var inv = CultureInfo.InvariantCulture;
        var span = Math.Max(1, toNs - fromNs);
        double X(long t) => Left + (Math.Clamp(t, fromNs, toNs) - fromNs) * (double)TimelineData.Width / span;
        var lanes = data.Lanes;
        var height = Top + ((lanes.Count + 1) * Lane) + 24;
        html.Append(inv, $"<svg id=\"{id}\" class=\"timeline\" viewBox=\"0 0 {Left + TimelineData.Width + 10} {height}\" width=\"100%\" role=\"img\" aria-label=\"timeline\">");

        // Nemesis windows, shaded and labelled, behind everything.
        var labelRow = 0;
        foreach (var f in data.Faults.Where(f => f.ToNs >= fromNs && f.FromNs <= toNs))
        {
            var (x1, x2) = (X(f.FromNs), Math.Max(X(f.FromNs) + 1, X(f.ToNs)));
            html.Append(inv, $"<g class=\"fault\"><title>{Html.Encode(f.What)}: {Seconds(f.FromNs)} to {Seconds(f.ToNs)}</title>");
            html.Append(inv, $"<rect x=\"{x1:0.#}\" y=\"{Top - 6}\" width=\"{x2 - x1:0.#}\" height=\"{height - Top - 18}\"/>");
            html.Append(inv, $"<text x=\"{x1 + 3:0.#}\" y=\"{12 + (labelRow++ % 2 * 12)}\">{Html.Encode(Html.Shorten(f.What, 40))}</text></g>");
        }

        // Lane names and baselines.
        for (var i = 0; i < lanes.Count; i++)
        {
            var y = Top + (i * Lane);
            html.Append(inv, $"<text class=\"lane\" x=\"4\" y=\"{y + 15}\">{Html.Encode(Html.Shorten(data.History.ProcessName(lanes[i]), 9))}</text>");
            html.Append(inv, $"<line class=\"base\" x1=\"{Left}\" x2=\"{Left + TimelineData.Width}\" y1=\"{y + 20.5}\" y2=\"{y + 20.5}\"/>");
        }

        var leaderlessY = Top + (lanes.Count * Lane);
        html.Append(inv, $"<text class=\"lane\" x=\"4\" y=\"{leaderlessY + 15}\">no leader</text>");
        foreach (var run in Runs(data.Leaderless.Where(w => w.ToNs >= fromNs && w.FromNs <= toNs).Select(w => (X(w.FromNs), X(w.ToNs), w.FromNs, w.ToNs, 0L))))
        {
            var title = run.Count == 1
                ? $"leaderless {Millis(run.ToNs - run.FromNs)} from {Seconds(run.FromNs)}"
                : $"{run.Count} leaderless windows between {Seconds(run.FromNs)} and {Seconds(run.ToNs)}";
            html.Append(inv, $"<rect class=\"leaderless\" x=\"{run.X1:0.#}\" y=\"{leaderlessY + 4}\" width=\"{Math.Max(1, run.X2 - run.X1):0.#}\" height=\"14\"><title>{title}</title></rect>");
        }

        // Epochs, coloured by token (grey without one); epochs too short to tell apart are drawn together.
        var laneOf = lanes.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        foreach (var group in data.Epochs.Where(e => e.ToNs >= fromNs && e.FromNs <= toNs && laneOf.ContainsKey(e.Process)).GroupBy(e => e.Process))
        {
            var y = Top + (laneOf[group.Key] * Lane);
            var name = Html.Encode(data.History.ProcessName(group.Key));
            foreach (var run in Runs(group.Where(e => e.Tokenless).Select(e => (X(e.FromNs), X(e.ToNs), e.FromNs, e.ToNs, e.Token))))
            {
                var title = run.Count == 1
                    ? $"{name} led without a token, {Seconds(run.FromNs)} to {Seconds(run.ToNs)}"
                    : $"{name} led {run.Count} times without a token, between {Seconds(run.FromNs)} and {Seconds(run.ToNs)}";
                html.Append(inv, $"<rect class=\"epoch tokenless\" x=\"{run.X1:0.#}\" y=\"{y + 3}\" width=\"{Math.Max(1.5, run.X2 - run.X1):0.#}\" height=\"11\"><title>{title}</title></rect>");
            }

            foreach (var run in Runs(group.Where(e => !e.Tokenless).Select(e => (X(e.FromNs), X(e.ToNs), e.FromNs, e.ToNs, e.Token))))
            {
                var title = run.Count == 1
                    ? $"{name} led with token {run.LastToken}, {Seconds(run.FromNs)} to {Seconds(run.ToNs)}"
                    : $"{name} led {run.Count} times, tokens {run.FirstToken} to {run.LastToken}, between {Seconds(run.FromNs)} and {Seconds(run.ToNs)}";
                html.Append(inv, $"<rect class=\"epoch\" x=\"{run.X1:0.#}\" y=\"{y + 3}\" width=\"{Math.Max(1.5, run.X2 - run.X1):0.#}\" height=\"11\" fill=\"{TokenColour(run.LastToken)}\"><title>{title}</title></rect>");
            }
        }

        // Acts, aggregated per column: claims, writes and jobs, accepted and refused.
        WriteMarks(html, data, laneOf, fromNs, span);

        // Violations where they happen: one mark per lane and pixel column, linking to the first there.
        foreach (var group in data.Marks.Where(m => m.AtNs >= fromNs && m.AtNs <= toNs && laneOf.ContainsKey(m.Process)).GroupBy(m => (m.Process, (int)X(m.AtNs))))
        {
            var m = group.First();
            var count = group.Count();
            var x = X(m.AtNs);
            var y = Top + (laneOf[m.Process] * Lane) + 9;
            var more = count > 1 ? $" (and {count - 1} more here)" : string.Empty;
            html.Append(inv, $"<a href=\"#v{m.Number}\"><g class=\"violation\"><title>violation {m.Number}: {Html.Encode(m.Kind)} at {Seconds(m.AtNs)}{more}</title>");
            html.Append(inv, $"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{Top - 4}\" y2=\"{leaderlessY}\"/><circle cx=\"{x:0.#}\" cy=\"{y}\" r=\"5\"/></g></a>");
        }

        // The time axis.
        var axisY = leaderlessY + Lane + 4;
        var step = NiceStep(span / 1e9 / 10);
        for (var s = Math.Ceiling(fromNs / 1e9 / step) * step; s * 1e9 <= toNs; s += step)
        {
            var x = X((long)(s * 1e9));
            html.Append(inv, $"<line class=\"tick\" x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{axisY - 6}\" y2=\"{axisY - 2}\"/><text class=\"axis\" x=\"{x:0.#}\" y=\"{axisY + 9}\">{s.ToString(step < 1 ? "0.0##" : "0", inv)} s</text>");
        }

        html.Append("</svg>");
    }
}
