using System.Globalization;
using System.Text.Json.Nodes;

namespace ElectionJepsen.Harness.Nemeses.Delay;

/// <summary>How jitter spreads the delay around its mean.</summary>
public enum JitterDistribution
{
    Normal,
    Uniform,
}

/// <summary>
/// What a slow network does to each packet leaving an afflicted host: it is held for
/// <see cref="Delay"/> plus a draw of <see cref="Jitter"/> (normal: one standard
/// deviation; uniform: the half-width), so packets overtake each other when the jitter is
/// large beside their spacing; it is sent twice with probability <see cref="Duplicate"/>
/// and dropped with probability <see cref="Loss"/>. Jepsen's default is 50 ms ± 10 ms, normal.
/// </summary>
public sealed record DelayProfile(TimeSpan Delay, TimeSpan Jitter, JitterDistribution Distribution = JitterDistribution.Normal, double Duplicate = 0, double Loss = 0)
{
    public static DelayProfile Default { get; } = new(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(10));

    /// <summary>The named profiles of <c>--delay-profile</c>.</summary>
    public static IReadOnlyDictionary<string, DelayProfile> Named { get; } = new Dictionary<string, DelayProfile>(StringComparer.Ordinal)
    {
        ["lan"] = Default,
        ["wan"] = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(50)),
        ["flaky"] = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100), JitterDistribution.Uniform, 0.01, 0.02),
        ["congested"] = new(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500), JitterDistribution.Uniform),
    };

    /// <summary>One packet's delay: never negative.</summary>
    public TimeSpan Draw(Random random)
    {
        var spread = Distribution == JitterDistribution.Normal ? StandardNormal(random) : (2 * random.NextDouble()) - 1;
        var ticks = Delay.Ticks + (spread * Jitter.Ticks);
        return ticks <= 0 ? TimeSpan.Zero : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>A short description, as the history's nemesis operation and test.json give it.</summary>
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{Ms(Delay)} ± {Ms(Jitter)} ({Distribution.ToString().ToLowerInvariant()})");
        if (Duplicate > 0) text += string.Create(CultureInfo.InvariantCulture, $", {Duplicate:0.###%} duplicated");
        if (Loss > 0) text += string.Create(CultureInfo.InvariantCulture, $", {Loss:0.###%} lost");
        return text;
    }

    /// <summary>The profile's fields as the history's nemesis operation gives them.</summary>
    public JsonObject ToJson() => new()
    {
        ["delay_ms"] = Delay.TotalMilliseconds,
        ["jitter_ms"] = Jitter.TotalMilliseconds,
        ["distribution"] = Distribution.ToString().ToLowerInvariant(),
        ["duplicate"] = Duplicate,
        ["loss"] = Loss,
    };

    /// <summary>A duration as netem and our options write it: <c>12.5ms</c>.</summary>
    internal static string Ms(TimeSpan t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0.###}ms");

    private static double StandardNormal(Random random)
    {
        // Box and Muller: two uniforms in (0, 1] give one standard normal draw.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
