using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Nemeses;

namespace ElectionJepsen.Harness.Tests.Nemeses;

public class NemesisScheduleTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Duration = TimeSpan.FromMinutes(10);

    [Fact]
    public void The_same_seed_gives_the_same_schedule()
    {
        var a = NemesisSchedule.Plan(1234, NemesisNames.Faults, Interval, Duration).ToList();
        var b = NemesisSchedule.Plan(1234, NemesisNames.Faults, Interval, Duration).ToList();
        var c = NemesisSchedule.Plan(1235, NemesisNames.Faults, Interval, Duration).ToList();
        Assert.Equal(a, b);
        Assert.NotEqual(a.Select(s => s.Nemesis), c.Select(s => s.Nemesis));
    }

    [Fact]
    public void Fault_and_heal_alternate_every_interval_within_the_run()
    {
        var plan = NemesisSchedule.Plan(7, [NemesisNames.Partition, NemesisNames.Pause], Interval, TimeSpan.FromSeconds(65)).ToList();
        Assert.Equal([10, 20, 30, 40, 50, 60], plan.Select(s => (int)s.At.TotalSeconds));
        Assert.Equal([true, false, true, false, true, false], plan.Select(s => s.IsFault));
        for (var i = 0; i < plan.Count; i += 2)
        {
            Assert.Equal(plan[i].Nemesis, plan[i + 1].Nemesis);
            Assert.Equal(plan[i].Seed, plan[i + 1].Seed);
        }

        Assert.All(plan, s => Assert.Contains(s.Nemesis, new[] { NemesisNames.Partition, NemesisNames.Pause }));
    }

    [Fact]
    public void No_nemesis_means_no_steps()
    {
        Assert.Empty(NemesisSchedule.Plan(1, [], Interval, Duration));
    }

    [Theory]
    [InlineData("partition,pause", "partition pause")]
    [InlineData("all", "partition pause kill clock loss delay")]
    [InlineData("none", "")]
    [InlineData("pause, partition,pause", "pause partition")]
    public void Nemesis_names_parse(string text, string expected)
    {
        Assert.Equal(expected, string.Join(' ', NemesisNames.Parse(text)));
    }

    [Fact]
    public void Delay_is_a_fault_like_the_others_with_or_without_netem()
    {
        Assert.Equal(["delay"], NemesisNames.Parse("delay"));
        Assert.Contains("delay", NemesisNames.Parse("all"));
        Assert.Equal(["partition+delay"], NemesisNames.Parse("partition+delay"));
    }

    [Theory]
    [InlineData("quake", "--nemesis \"quake\" is not a nemesis; use one of partition, pause, kill, clock, loss, delay")]
    [InlineData(",", "is not a nemesis")]
    public void Unknown_nemesis_is_a_usage_error_naming_the_choices(string text, string says)
    {
        var e = Assert.Throws<UsageException>(() => NemesisNames.Parse(text));
        Assert.Contains(says, e.Message, StringComparison.Ordinal);
    }
}
