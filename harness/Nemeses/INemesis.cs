using System.Text.Json.Nodes;
using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.Harness.Nemeses;

/// <summary>
/// A fault and its healing, as Jepsen's nemesis protocol has it. Both return what was done,
/// for the history. Heal must be safe to call at any time, as often as wanted: it undoes
/// whatever this nemesis still has in force.
/// </summary>
public interface INemesis
{
    /// <summary>The name for <c>--nemesis</c>.</summary>
    string Name { get; }

    /// <summary>The history's <c>f</c> for starting the fault and for healing it.</summary>
    NemesisPair Functions { get; }

    Task<JsonNode> StartAsync(Cluster cluster, Random random, CancellationToken cancel);

    Task<JsonNode> HealAsync(Cluster cluster, CancellationToken cancel);
}

/// <summary>The nemesis cannot do what it was asked here (no target, a clock that cannot move).</summary>
public sealed class NemesisUnavailableException(string message) : Exception(message);
