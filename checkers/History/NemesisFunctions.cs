namespace ElectionJepsen.Checkers.History;

/// <summary>One function of the nemesis's operations: its name in the history, and whether it heals (ends the fault in force).</summary>
public sealed record NemesisFunction(string Name, bool Heals)
{
    public override string ToString() => Name;
}

/// <summary>A fault's two functions: the one that starts it and the one that heals it.</summary>
public sealed record NemesisPair(NemesisFunction Start, NemesisFunction Stop);

/// <summary>
/// The history's words for the nemesis: the process its operations belong to (docs/history.md),
/// each fault's start and heal, and the final heal of every run. The harness writes them; the
/// report reads them, a fault in force from its start to the next function that heals.
/// </summary>
public static class NemesisFunctions
{
    /// <summary>The process of the nemesis's operations.</summary>
    public const string Process = "nemesis";

    private const string StartPrefix = "start-";
    private const string StopPrefix = "stop-";

    public static NemesisPair Partition { get; } = Pair(StartPrefix + "partition", StopPrefix + "partition");

    public static NemesisPair Pause { get; } = Pair("pause", "resume");

    public static NemesisPair Kill { get; } = Pair("kill", "start");

    public static NemesisPair Clock { get; } = Pair("bump-clock", "reset-clock");

    public static NemesisPair Loss { get; } = Pair(StartPrefix + "loss", StopPrefix + "loss");

    public static NemesisPair Delay { get; } = Pair(StartPrefix + "delay", StopPrefix + "delay");

    /// <summary>The final heal of every run: the network healed, every process resumed, every clock reset.</summary>
    public static NemesisFunction Heal { get; } = new("heal", Heals: true);

    /// <summary>Every function named here, the final heal last.</summary>
    public static IReadOnlyList<NemesisFunction> All { get; } =
        [.. new[] { Partition, Pause, Kill, Clock, Loss, Delay }.SelectMany(p => new[] { p.Start, p.Stop }), Heal];

    private static readonly Dictionary<string, NemesisFunction> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>Faults in force together (<c>a+b</c>): <c>start-a+b</c> and <c>stop-a+b</c>.</summary>
    public static NemesisPair Together(string name) => Pair(StartPrefix + name, StopPrefix + name);

    /// <summary>Whether <paramref name="f"/> ends the fault in force: a heal named here, or the stop of faults together.</summary>
    public static bool Heals(string f) => ByName.TryGetValue(f, out var known) ? known.Heals : f.StartsWith(StopPrefix, StringComparison.Ordinal);

    private static NemesisPair Pair(string start, string stop) => new(new(start, Heals: false), new(stop, Heals: true));
}
