using ElectionJepsen.Harness.Cli;

namespace ElectionJepsen.Harness.Tests.Cli;

public sealed class DurationOptionTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("1h", 3_600_000)]
    [InlineData("60", 60_000)]
    [InlineData("720h", 2_592_000_000)]
    public void Durations_read_in_their_unit(string text, long ms) =>
        Assert.Equal(TimeSpan.FromMilliseconds(ms), DurationOption.Parse("--ttl", text));

    [Theory]
    [InlineData("100000000000h")]
    [InlineData("721h")]
    [InlineData("2592000001ms")]
    [InlineData("99999999999999999999999999999999999999999999999999s")]
    public void A_duration_past_30_days_is_a_usage_error_saying_what_is_allowed(string text)
    {
        var e = Assert.Throws<UsageException>(() => DurationOption.Parse("--time-limit", text));
        Assert.Equal($"--time-limit takes at most 30 days (720h), not \"{text}\"", e.Message);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("1e30s")]
    [InlineData("0s")]
    [InlineData("-1s")]
    [InlineData("")]
    public void A_duration_that_is_not_one_is_a_usage_error(string text) =>
        Assert.StartsWith("--ttl takes a positive duration", Assert.Throws<UsageException>(() => DurationOption.Parse("--ttl", text)).Message, StringComparison.Ordinal);
}
