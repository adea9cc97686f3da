using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.Checkers.Tests.History;

public class NemesisFunctionsTests
{
    [Theory]
    [InlineData("start-partition", false)]
    [InlineData("stop-partition", true)]
    [InlineData("pause", false)]
    [InlineData("resume", true)]
    [InlineData("kill", false)]
    [InlineData("start", true)]
    [InlineData("bump-clock", false)]
    [InlineData("reset-clock", true)]
    [InlineData("start-loss", false)]
    [InlineData("stop-loss", true)]
    [InlineData("start-delay", false)]
    [InlineData("stop-delay", true)]
    [InlineData("heal", true)]
    [InlineData("start-partition+clock", false)]
    [InlineData("stop-partition+clock", true)]
    [InlineData("note", false)]
    public void A_function_heals_when_it_ends_the_fault_in_force(string f, bool heals)
    {
        Assert.Equal(heals, NemesisFunctions.Heals(f));
    }

    [Fact]
    public void Each_function_is_named_once_and_says_whether_it_heals()
    {
        Assert.Equal(NemesisFunctions.All.Count, NemesisFunctions.All.Select(f => f.Name).Distinct().Count());
        Assert.All(NemesisFunctions.All, f => Assert.Equal(f.Heals, NemesisFunctions.Heals(f.Name)));
        Assert.Equal(7, NemesisFunctions.All.Count(f => f.Heals));
    }

    [Fact]
    public void Faults_together_start_and_stop_under_their_joined_name()
    {
        var together = NemesisFunctions.Together("pause+kill");

        Assert.Equal(("start-pause+kill", false), (together.Start.Name, together.Start.Heals));
        Assert.Equal(("stop-pause+kill", true), (together.Stop.Name, together.Stop.Heals));
    }
}
