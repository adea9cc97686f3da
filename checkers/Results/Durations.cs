using System.Globalization;

namespace ElectionJepsen.Checkers.Results;

/// <summary>Durations for people: "412 ms", "1.25 s", "850 µs".</summary>
public static class Durations
{
    public static string Format(long ns)
    {
        var inv = CultureInfo.InvariantCulture;
        return Math.Abs(ns) switch
        {
            < 1_000 => $"{ns} ns",
            < 1_000_000 => (ns / 1e3).ToString("0.#", inv) + " µs",
            < 1_000_000_000 => (ns / 1e6).ToString("0.#", inv) + " ms",
            _ => (ns / 1e9).ToString("0.##", inv) + " s",
        };
    }
}
