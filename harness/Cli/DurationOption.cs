using System.Globalization;
using System.Text.RegularExpressions;

namespace ElectionJepsen.Harness.Cli;

/// <summary>Durations on the command line: <c>30s</c>, <c>500ms</c>, <c>2m</c>, <c>1.5s</c>, <c>1h</c>, or plain seconds (<c>60</c>).</summary>
public static partial class DurationOption
{
    public static TimeSpan Parse(string option, string text)
    {
        var m = Pattern().Match(text.Trim() is var t && t.Length > 0 && char.IsDigit(t[^1]) ? t + "s" : t.Trim());
        if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n <= 0)
        {
            throw new UsageException($"{option} takes a positive duration such as 500ms, 30s, 2m, 1h or plain seconds, not \"{text}\"");
        }

        return m.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            _ => TimeSpan.FromHours(n),
        };
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$")]
    private static partial Regex Pattern();
}
