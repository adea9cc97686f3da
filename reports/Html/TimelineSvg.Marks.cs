using System.Globalization;
using System.Text;
using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.Reports.Html;

/// <summary>The timeline's marks: claims, writes and jobs aggregated per lane and pixel column, and the candidates' events.</summary>
internal static partial class TimelineSvg
{
    private static void WriteMarks(StringBuilder html, TimelineData data, Dictionary<int, int> laneOf, long fromNs, long span)
    {
        // Per lane, per column, a bit per kind of mark.
        const int Claim = 1, WriteOk = 2, WriteRefused = 4, JobOk = 8, JobRefused = 16;
        var cells = new byte[data.Lanes.Count, TimelineData.Columns];
        foreach (var o in data.History.Operations)
        {
            if (o.IsOpen || !laneOf.TryGetValue(o.Process, out var lane)) continue;
            var t = o.CompleteTime;
            if (t < fromNs || t > fromNs + span) continue;
            var bit = o.F switch
            {
                LeaseFunctions.Claim when o.Outcome == Outcome.Ok && o.Output.Leader == true => Claim,
                LeaseFunctions.Write => o.Outcome == Outcome.Ok ? WriteOk : o.Outcome == Outcome.Fail ? WriteRefused : 0,
                LeaseFunctions.Job => o.Outcome == Outcome.Ok ? JobOk : o.Outcome == Outcome.Fail ? JobRefused : 0,
                _ => 0,
            };
            if (bit == 0) continue;
            var column = (int)Math.Min(TimelineData.Columns - 1, (t - fromNs) * TimelineData.Columns / span);
            cells[lane, column] |= (byte)bit;
        }

        // Events (notes, not operations): per lane and column the first, with how many more.
        var notes = new Dictionary<(int Lane, int Column), (HistoryEvent First, int Count)>();
        foreach (var n in data.History.Notes)
        {
            if (n.Time < fromNs || n.Time > fromNs + span) continue;
            var p = data.ProcessIndex(n.Process);
            if (p < 0 || !laneOf.TryGetValue(p, out var lane)) continue;
            var column = (int)Math.Min(TimelineData.Columns - 1, (n.Time - fromNs) * TimelineData.Columns / span);
            notes[(lane, column)] = notes.TryGetValue((lane, column), out var had) ? (had.First, had.Count + 1) : (n, 1);
        }

        var inv = CultureInfo.InvariantCulture;
        foreach (var ((lane, column), (first, count)) in notes.OrderBy(n => n.Key))
        {
            var more = count > 1 ? $" (and {count - 1} more here)" : string.Empty;
            html.Append(inv, $"<rect class=\"event\" x=\"{Left + column}\" y=\"{Top + (lane * Lane)}\" width=\"2\" height=\"4\"><title>{Seconds(first.Time)}: {Html.Encode(Html.Shorten(TimelineData.NoteText(first), 300))}{more}</title></rect>");
        }

        (int Bit, string Class, int Dy, int H, string Title)[] kinds =
            [(Claim, "claim", 15, 2, "claimed leadership"), (WriteOk, "write-ok", 18, 2, "writes accepted"), (JobOk, "job-ok", 18, 2, "jobs run"),
             (WriteRefused, "refused", 14, 8, "stale writes refused"), (JobRefused, "refused", 14, 8, "stale jobs refused")];
        for (var lane = 0; lane < data.Lanes.Count; lane++)
        {
            var y = Top + (lane * Lane);
            foreach (var (bit, css, dy, h, title) in kinds)
            {
                for (var c = 0; c < TimelineData.Columns; c++)
                {
                    if ((cells[lane, c] & bit) == 0) continue;
                    var end = c;
                    while (end + 1 < TimelineData.Columns && (cells[lane, end + 1] & bit) != 0) end++;
                    var (a, b) = (fromNs + (c * span / TimelineData.Columns), fromNs + ((end + 1) * span / TimelineData.Columns));
                    // Refusals are what a reader looks for: never narrower than 3 px.
                    var (x, w) = css == "refused" && end - c + 1 < 3 ? (Left + c - 1, 3) : (Left + c, end - c + 1);
                    html.Append(inv, $"<rect class=\"{css}\" x=\"{x}\" y=\"{y + dy}\" width=\"{w}\" height=\"{h}\"><title>{title}, {Seconds(a)} to {Seconds(b)}</title></rect>");
                    c = end;
                }
            }
        }
    }
}
