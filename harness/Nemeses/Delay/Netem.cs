using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Nemeses.Delay;

/// <summary>Whether this kernel has netem (some do not: "Specified qdisc kind is unknown").</summary>
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
}
