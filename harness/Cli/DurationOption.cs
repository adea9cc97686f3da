using System.Globalization;
using System.Text.RegularExpressions;

namespace ElectionJepsen.Harness.Cli;

/// <summary>Durations on the command line: <c>30s</c>, <c>500ms</c>, <c>2m</c>, <c>1.5s</c>, <c>1h</c>, or plain seconds (<c>60</c>), up to 30 days.</summary>
public static partial class DurationOption
{
    /// <summary>The longest duration an option takes: far beyond any test, well within what timers can wait.</summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(30);

    public static TimeSpan Parse(string option, string text)
    {
        var m = Pattern().Match(text.Trim() is var t && t.Length > 0 && char.IsDigit(t[^1]) ? t + "s" : t.Trim());
        if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            throw new UsageException($"{option} takes a positive duration such as 500ms, 30s, 2m, 1h or plain seconds, not \"{text}\"");
        }

        var seconds = m.Groups[2].Value switch
        {
            "ms" => n / 1000,
            "s" => n,
            "m" => n * 60,
            _ => n * 3600,
        };
        // Rounded to the tick, so that 1140ms is 1140 ms exactly (1.14 s times ten million ticks is a hair under 11 400 000 in floating point).
        return seconds <= Max.TotalSeconds
            ? TimeSpan.FromTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond))
            : throw new UsageException($"{option} takes at most {Max.TotalDays:0} days ({Max.TotalHours:0}h), not \"{text}\"");
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$")]
    private static partial Regex Pattern();
}
