using System.Text.Json.Nodes;
using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.Harness.Nemeses.Kill;

/// <summary><c>kill</c>: SIGKILL a candidate (the leader, mostly) or a server; heal starts it again with the same arguments.</summary>
public sealed class KillNemesis(double serverShare = 0.3) : INemesis
{
    private readonly Afflicted _killed = new();

    public string Name => NemesisNames.Kill;

    public NemesisPair Functions => NemesisFunctions.Kill;

    public async Task<JsonNode> StartAsync(Cluster cluster, Random random, CancellationToken cancel)
    {
        var target = Targets.Choose(cluster, random, serverShare, n => n.Process.IsRunning)
            ?? throw new NemesisUnavailableException("no running process to kill");
        var value = Targets.Describe(target, cluster);
        await target.Process.KillAsync();
        _killed.Add(target);
        return value;
    }

    public async Task<JsonNode> HealAsync(Cluster cluster, CancellationToken cancel)
    {
        var restarted = _killed.Drain();

        var started = new JsonArray();
        foreach (var n in restarted.Where(n => !n.Process.IsRunning))
        {
            await n.Process.StartAsync(cancel);
            started.Add(new JsonObject { ["process"] = n.ToString(), ["pid"] = n.Process.Pid });
        }

        return new JsonObject { ["started"] = started };
    }
}
