using System.Globalization;

namespace ElectionJepsen.Reports.Html;

/// <summary>What the timeline's shapes are made of: spans joined into runs, colours and the time axis's numbers.</summary>
internal static partial class TimelineSvg
{
    /// <summary>A stretch drawn as one shape: spans that fall within a pixel of each other, each narrower than 2 px, are joined.</summary>
    private readonly record struct Run(double X1, double X2, long FromNs, long ToNs, long FirstToken, long LastToken, int Count);

    /// <summary>Joins spans (sorted by start here) that a reader could not tell apart on the screen.</summary>
    private static List<Run> Runs(IEnumerable<(double X1, double X2, long FromNs, long ToNs, long Token)> spans)
    {
        var runs = new List<Run>();
        foreach (var (x1, x2, from, to, token) in spans.OrderBy(s => s.FromNs))
        {
            var narrow = x2 - x1 < 2;
            if (narrow && runs.Count > 0 && runs[^1] is var last && (last.Count > 1 || last.X2 - last.X1 < 2) && x1 - last.X2 < 1)
            {
                runs[^1] = last with { X2 = Math.Max(last.X2, x2), ToNs = Math.Max(last.ToNs, to), LastToken = token, Count = last.Count + 1 };
            }
            else
            {
                runs.Add(new Run(x1, x2, from, to, token, token, 1));
            }
        }

        return runs;
    }

    public static string TokenColour(long token) =>
        string.Create(CultureInfo.InvariantCulture, $"hsl({(token * 137.508) % 360:0},62%,52%)");

    public static string Seconds(long ns) => string.Create(CultureInfo.InvariantCulture, $"{ns / 1e9:0.###} s");

    public static string Millis(long ns) => RunReport.Ms(ns / 1e6);

    private static double NiceStep(double rough)
    {
        if (rough <= 0) return 1;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var unit = rough / magnitude;
        return magnitude * (unit < 1.5 ? 1 : unit < 3.5 ? 2 : unit < 7.5 ? 5 : 10);
    }
}
