using ElectionJepsen.Harness.Nemeses.Clock;
using ElectionJepsen.Harness.Nemeses.Delay;
using ElectionJepsen.Harness.Nemeses.Kill;
using ElectionJepsen.Harness.Nemeses.Loss;
using ElectionJepsen.Harness.Nemeses.Partition;
using ElectionJepsen.Harness.Nemeses.Pause;

namespace ElectionJepsen.Harness.Nemeses;

/// <summary>How the nemeses behave: the partition's scope and shapes, the loss rate, the clock bump.</summary>
public sealed record NemesisOptions(TimeSpan ClockBump)
{
    public PartitionScope PartitionScope { get; init; } = PartitionScope.All;

    public IReadOnlyList<string>? PartitionShapes { get; init; }

    public double LossProbability { get; init; } = 0.3;

    public double ServerShare { get; init; } = 0.3;

    public TimeSpan Delay { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan DelayJitter { get; init; } = TimeSpan.FromMilliseconds(50);
}

public static class NemesisFactory
{
    public static IReadOnlyDictionary<string, INemesis> Create(IReadOnlyList<string> names, NemesisOptions options) =>
        names.ToDictionary(n => n, n => n switch
        {
            NemesisNames.Partition => (INemesis)new PartitionNemesis(options.PartitionShapes, options.PartitionScope),
            NemesisNames.Pause => new PauseNemesis(options.ServerShare),
            NemesisNames.Kill => new KillNemesis(options.ServerShare),
            NemesisNames.Clock => new ClockNemesis(options.ClockBump),
            NemesisNames.Loss => new LossNemesis(options.LossProbability),
            NemesisNames.Delay => new DelayNemesis(options.Delay, options.DelayJitter),
            _ => throw new ArgumentException($"unknown nemesis {n}", nameof(names)),
        });
}
