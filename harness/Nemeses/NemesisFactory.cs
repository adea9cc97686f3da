using ElectionJepsen.Harness.Nemeses.Clock;
using ElectionJepsen.Harness.Nemeses.Delay;
using ElectionJepsen.Harness.Nemeses.Kill;
using ElectionJepsen.Harness.Nemeses.Loss;
using ElectionJepsen.Harness.Nemeses.Partition;
using ElectionJepsen.Harness.Nemeses.Pause;

namespace ElectionJepsen.Harness.Nemeses;

/// <summary>How the nemeses behave: the partition's scope and shapes, the loss rate, the clock bump, the slow network.</summary>
public sealed record NemesisOptions(TimeSpan ClockBump)
{
    public PartitionScope PartitionScope { get; init; } = PartitionScope.All;

    public IReadOnlyList<string>? PartitionShapes { get; init; }

    public double LossProbability { get; init; } = 0.3;

    public double ServerShare { get; init; } = 0.3;

    public DelayProfile Delay { get; init; } = DelayProfile.Default;

    /// <summary>How long after each other the faults of <c>a+b</c> start.</summary>
    public TimeSpan ComposeGap { get; init; } = TimeSpan.FromSeconds(1);
}

public static class NemesisFactory
{
    public static IReadOnlyDictionary<string, INemesis> Create(IReadOnlyList<string> names, NemesisOptions options) =>
        names.ToDictionary(n => n, n => One(n, options));

    private static INemesis One(string name, NemesisOptions options) =>
        name.Contains(ComposedNemesis.Separator)
            ? new ComposedNemesis([.. NemesisNames.Parts(name).Select(p => One(p, options))], options.ComposeGap)
            : name switch
        {
            NemesisNames.Partition => (INemesis)new PartitionNemesis(options.PartitionShapes, options.PartitionScope),
            NemesisNames.Pause => new PauseNemesis(options.ServerShare),
            NemesisNames.Kill => new KillNemesis(options.ServerShare),
            NemesisNames.Clock => new ClockNemesis(options.ClockBump),
            NemesisNames.Loss => new LossNemesis(options.LossProbability),
            NemesisNames.Delay => new DelayNemesis(options.Delay),
            _ => throw new ArgumentException($"unknown nemesis {name}", nameof(name)),
        };
}
