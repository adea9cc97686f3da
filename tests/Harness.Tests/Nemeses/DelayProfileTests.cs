using System.CommandLine;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Nemeses.Delay;

namespace ElectionJepsen.Harness.Tests.Nemeses;

public class DelayProfileTests
{
    [Fact]
    public void A_profile_printed_as_options_reads_back_the_same()
    {
        var profile = new DelayProfile(TimeSpan.FromMilliseconds(123.5), TimeSpan.FromMilliseconds(7), JitterDistribution.Uniform, 0.015, 0.25);

        Assert.Equal(profile, Read([.. DelayOptions.ToArguments(profile)]));
    }

    [Fact]
    public void Options_change_a_named_profile_and_shares_take_percentages()
    {
        var read = Read(["--delay-profile", "wan", "--jitter", "0", "--duplicate", "2%"]);

        Assert.Equal(DelayProfile.Named["wan"] with { Jitter = TimeSpan.Zero, Duplicate = 0.02 }, read);
        Assert.Equal(DelayProfile.Default, Read([]));
        Assert.Equal(TimeSpan.Zero, Read(["--jitter", "0.0ms"]).Jitter);
        Assert.Equal(TimeSpan.Zero, Read(["--delay", "0s"]).Delay);
    }

    [Theory]
    [InlineData("--delay-profile", "moon", "the profiles are lan, wan, flaky, congested")]
    [InlineData("--duplicate", "150%", "from 0 to 1")]
    [InlineData("--delay-loss", "lots", "a share such as 1% or 0.01")]
    [InlineData("--jitter-distribution", "pareto", "normal or uniform")]
    [InlineData("--delay", "-5ms", "a positive duration")]
    public void A_bad_value_is_a_usage_error_saying_what_is_allowed(string option, string value, string says)
    {
        var e = Assert.Throws<UsageException>(() => Read([option, value]));
        Assert.Contains(says, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(JitterDistribution.Normal)]
    [InlineData(JitterDistribution.Uniform)]
    public void Draws_centre_on_the_delay_spread_by_the_jitter_and_are_never_negative(JitterDistribution distribution)
    {
        var profile = new DelayProfile(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(10), distribution);
        var random = new Random(3);
        var draws = Enumerable.Range(0, 20_000).Select(_ => profile.Draw(random).TotalMilliseconds).ToArray();
        var mean = draws.Average();
        var sd = Math.Sqrt(draws.Average(d => (d - mean) * (d - mean)));

        Assert.InRange(mean, 49.5, 50.5);
        Assert.InRange(sd, distribution == JitterDistribution.Normal ? 9.5 : 5.5, distribution == JitterDistribution.Normal ? 10.5 : 6.1);
        Assert.All(new DelayProfile(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(50)) is var wide ? Enumerable.Range(0, 1000).Select(_ => wide.Draw(random)) : [], d => Assert.True(d >= TimeSpan.Zero));
    }

    private static DelayProfile Read(string[] args)
    {
        var options = new DelayOptions();
        var command = new RootCommand();
        options.AddTo(command);
        return options.Read(command.Parse(args));
    }
}
