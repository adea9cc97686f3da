using System.Text.Json.Nodes;
using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.Harness.Nemeses.Pause;

/// <summary>
/// <c>pause</c>: SIGSTOP the candidate that leads (the classic case: a leader frozen past its
/// lease who wakes up still believing it leads), or now and then a random server; SIGCONT at
/// heal. The pause lasts until the schedule's next heal, one nemesis interval, which by
/// default is longer than the lease.
/// </summary>
public sealed class PauseNemesis(double serverShare = 0.3) : INemesis
{
    private readonly Afflicted _paused = new();

    public string Name => NemesisNames.Pause;

    public NemesisPair Functions => NemesisFunctions.Pause;

    /// <summary>How a container's pause is recorded (<c>"via"</c> in the op's value).</summary>
    public const string ViaFreezer = "freezer";

    public async Task<JsonNode> StartAsync(Cluster cluster, Random random, CancellationToken cancel)
    {
        var target = Targets.Choose(cluster, random, serverShare, n => n.Process.IsRunning && !n.Process.IsPaused)
            ?? throw new NemesisUnavailableException("no running process to pause");
        await target.Process.PauseAsync(cancel);
        _paused.Add(target);
        var value = Targets.Describe(target, cluster);
        if (target.Process.Freezes) value["via"] = ViaFreezer;
        return value;
    }

    public async Task<JsonNode> HealAsync(Cluster cluster, CancellationToken cancel)
    {
        var resumed = _paused.Drain();

        foreach (var n in resumed) await n.Process.ResumeAsync(cancel);
        return new JsonObject { ["resumed"] = new JsonArray([.. resumed.Select(n => (JsonNode)n.ToString())]) };
    }
}
