using System.Globalization;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Nemeses.Delay;

/// <summary>Whether this kernel has netem (some do not: "Specified qdisc kind is unknown"), and a profile as netem's arguments.</summary>
public static class Netem
{
    private static bool? _available;

    /// <summary>Tries a netem qdisc on a host's loopback and removes it again; the answer is kept.</summary>
    public static async Task<bool> IsAvailableAsync(Host probeHost)
    {
        if (_available is { } known) return known;
        var r = await Exec.RunAsync("ip", ["netns", "exec", probeHost.Namespace, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms"]);
        if (r.Ok) await Exec.RunAsync("ip", ["netns", "exec", probeHost.Namespace, "tc", "qdisc", "del", "dev", "lo", "root"]);
        _available = r.Ok;
        return r.Ok;
    }

    /// <summary>The qdisc's arguments: <c>netem delay D J [distribution normal] [duplicate P%] [loss P%]</c>.</summary>
    public static IReadOnlyList<string> Arguments(DelayProfile profile)
    {
        var args = new List<string> { "netem", "delay", DelayProfile.Ms(profile.Delay), DelayProfile.Ms(profile.Jitter) };
        if (profile.Jitter > TimeSpan.Zero && profile.Distribution == JitterDistribution.Normal) args.AddRange(["distribution", "normal"]);
        if (profile.Duplicate > 0) args.AddRange(["duplicate", Percent(profile.Duplicate)]);
        if (profile.Loss > 0) args.AddRange(["loss", Percent(profile.Loss)]);
        return args;
    }

    private static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:0.####}%");
}
