using System.Text.Json.Nodes;
using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.Harness.Nemeses.Loss;

/// <summary><c>loss</c>: a random share of packets dropped on some hosts (iptables statistic match).</summary>
public sealed class LossNemesis(double probability = 0.3) : INemesis
{
    public string Name => NemesisNames.Loss;

    public NemesisPair Functions => NemesisFunctions.Loss;

    public async Task<JsonNode> StartAsync(Cluster cluster, Random random, CancellationToken cancel)
    {
        var hosts = cluster.Network.Hosts.Where(_ => random.Next(2) == 0).ToList();
        if (hosts.Count == 0) hosts.Add(cluster.Network.Hosts[random.Next(cluster.Network.Hosts.Count)]);
        await cluster.Faults.LoseAsync(hosts, probability, cancel);
        return new JsonObject { ["hosts"] = new JsonArray([.. hosts.Select(h => (JsonNode)h.Name)]), ["probability"] = probability };
    }

    public async Task<JsonNode> HealAsync(Cluster cluster, CancellationToken cancel)
    {
        await cluster.Faults.HealAsync(cancel);
        return new JsonObject { ["healed"] = "network" };
    }
}
