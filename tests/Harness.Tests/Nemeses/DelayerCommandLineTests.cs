using System.CommandLine;
using ElectionJepsen.Harness.Nemeses.Delay;
using ElectionJepsen.Harness.Nemeses.Delay.Nfqueue;

namespace ElectionJepsen.Harness.Tests.Nemeses;

public class DelayerCommandLineTests
{
    [Fact]
    public void The_delayer_parses_back_what_the_delay_nemesis_starts_it_with()
    {
        var profile = new DelayProfile(TimeSpan.FromMilliseconds(120), TimeSpan.FromMilliseconds(30), JitterDistribution.Uniform, Duplicate: 0.02, Loss: 0.05);
        var args = DelayerCommandLine.Arguments(3, 41, profile);
        var line = new DelayerCommandLine();
        var command = new Command(DelayerCommandLine.Verb);
        line.AddTo(command);
        var root = new RootCommand { command };

        var parse = root.Parse([.. args]);

        Assert.Empty(parse.Errors);
        Assert.Equal(DelayerCommandLine.Verb, args[0]);
        Assert.Equal((3, 41, profile), line.Read(parse));
    }
}
