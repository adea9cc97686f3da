namespace ElectionJepsen.Checkers.Results;

/// <summary>The distribution of leaderless windows, in milliseconds.</summary>
public sealed record FailoverStats(int Count, double MinMs, double P50Ms, double P90Ms, double P99Ms, double MaxMs)
{
    public static FailoverStats Empty { get; } = new(0, 0, 0, 0, 0, 0);

    /// <summary>Nearest-rank percentiles of windows given in nanoseconds.</summary>
    public static FailoverStats FromWindows(List<long> windowsNs)
    {
        if (windowsNs.Count == 0) return Empty;
        windowsNs.Sort();
        return new FailoverStats(
            windowsNs.Count,
            Ms(windowsNs[0]),
            Ms(Rank(windowsNs, 0.50)),
            Ms(Rank(windowsNs, 0.90)),
            Ms(Rank(windowsNs, 0.99)),
            Ms(windowsNs[^1]));
    }

    private static long Rank(List<long> sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static double Ms(long ns) => Math.Round(ns / 1e6, 6);
}
