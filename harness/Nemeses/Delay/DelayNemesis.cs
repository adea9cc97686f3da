using System.Globalization;
using System.Text.Json.Nodes;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Nemeses.Delay;

/// <summary>
/// <c>delay</c>: packets leaving some hosts are held back (netem delay with jitter); heal
/// removes the qdisc. Offered only where the kernel has netem.
/// </summary>
public sealed class DelayNemesis(TimeSpan delay, TimeSpan jitter) : INemesis
{
    public string Name => "delay";

    public (string Start, string Stop) Functions => ("start-delay", "stop-delay");

    public async Task<JsonNode> StartAsync(Cluster cluster, Random random, CancellationToken cancel)
    {
        if (!await Netem.IsAvailableAsync(cluster.Network.Hosts[0]))
        {
            throw new NemesisUnavailableException("this kernel has no netem (\"Specified qdisc kind is unknown\"), so packets cannot be delayed; use loss instead");
        }

        var hosts = cluster.Network.Hosts.Where(_ => random.Next(2) == 0).ToList();
        if (hosts.Count == 0) hosts.Add(cluster.Network.Hosts[random.Next(cluster.Network.Hosts.Count)]);
        var ms = delay.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + "ms";
        var jitterMs = jitter.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + "ms";
        await Task.WhenAll(hosts.Select(h => Exec.CheckedAsync("ip",
            ["netns", "exec", h.Namespace, "tc", "qdisc", "replace", "dev", "eth0", "root", "netem", "delay", ms, jitterMs], cancel: cancel)));
        return new JsonObject { ["hosts"] = new JsonArray([.. hosts.Select(h => (JsonNode)h.Name)]), ["delay_ms"] = delay.TotalMilliseconds, ["jitter_ms"] = jitter.TotalMilliseconds };
    }

    public async Task<JsonNode> HealAsync(Cluster cluster, CancellationToken cancel)
    {
        // Deleting the root qdisc where none was added fails harmlessly.
        await Task.WhenAll(cluster.Network.Hosts.Select(h => Exec.RunAsync("ip", ["netns", "exec", h.Namespace, "tc", "qdisc", "del", "dev", "eth0", "root"], cancel: cancel)));
        return new JsonObject { ["healed"] = "delay" };
    }
}
