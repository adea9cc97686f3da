using System.Globalization;
using ElectionJepsen.Harness.Backends.Postgres;

namespace ElectionJepsen.Harness.Tests.Backends;

/// <summary>
/// The postgres server's session limits from the TTL: a client that went silent is never
/// dropped, with its lock, before a TTL has passed since the server last heard from it (the
/// leader believes it leads until a TTL after its last renewal was sent).
/// </summary>
public sealed class PostgresSettingsTests
{
    [Theory]
    [InlineData(500)]
    [InlineData(1000)]
    [InlineData(2000)]
    [InlineData(2400)]
    [InlineData(5000)]
    [InlineData(7000)]
    [InlineData(10_000)]
    [InlineData(31_000)]
    public void No_silent_session_is_dropped_before_the_ttl(int ttlMs)
    {
        var ttl = TimeSpan.FromMilliseconds(ttlMs);
        var settings = Parse(PostgresBackend.Settings("10.77.0.11", ttl));

        var keepalives = settings["tcp_keepalives_idle"] + (settings["tcp_keepalives_count"] * settings["tcp_keepalives_interval"]);
        Assert.True(keepalives * 1000 >= ttlMs, $"keepalives drop a silent client after {keepalives} s, before the TTL of {ttlMs} ms");
        Assert.True(keepalives * 1000 <= (ttlMs * 4 / 3) + 2000, $"keepalives wait {keepalives} s for a TTL of {ttlMs} ms");
        Assert.True(settings["tcp_user_timeout"] >= ttlMs);
        Assert.True(settings["tcp_keepalives_idle"] >= 1 && settings["tcp_keepalives_count"] >= 1);
    }

    private static Dictionary<string, long> Parse(IReadOnlyList<string> arguments) =>
        arguments.Where(a => a != "-c").Select(a => a.Split('=', 2))
            .Where(kv => long.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .ToDictionary(kv => kv[0], kv => long.Parse(kv[1], CultureInfo.InvariantCulture));
}
