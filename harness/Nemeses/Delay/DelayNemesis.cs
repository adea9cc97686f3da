using System.Text.Json.Nodes;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Nemeses.Delay.Nfqueue;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Nemeses.Delay;

/// <summary>
/// <c>delay</c>: packets leaving some hosts (half of them at random, at least one) are held
/// back, spread by jitter (so they are reordered), some duplicated or lost, as the
/// <see cref="DelayProfile"/> says. With netem in the kernel, a netem qdisc on the hosts'
/// <c>eth0</c>; without it, our NFQUEUE delayer (<see cref="NfqueueDelay"/>). The history's
/// nemesis operation says which (<c>via</c>).
/// </summary>
public sealed class DelayNemesis(DelayProfile profile) : INemesis
{
    private NfqueueDelay? _nfqueue;

    public string Name => NemesisNames.Delay;

    public NemesisPair Functions => NemesisFunctions.Delay;

    public DelayProfile Profile => profile;

    public async Task<JsonNode> StartAsync(Cluster cluster, Random random, CancellationToken cancel)
    {
        var hosts = cluster.Network.Hosts.Where(_ => random.Next(2) == 0).ToList();
        if (hosts.Count == 0) hosts.Add(cluster.Network.Hosts[random.Next(cluster.Network.Hosts.Count)]);
        string via;
        if (await Netem.IsAvailableAsync(cluster.Network.Hosts[0]))
        {
            await Task.WhenAll(hosts.Select(h => Exec.CheckedAsync("ip",
                ["netns", "exec", h.Namespace, "tc", "qdisc", "replace", "dev", "eth0", "root", .. Netem.Arguments(profile)], cancel: cancel)));
            via = "netem";
        }
        else
        {
            _nfqueue ??= new NfqueueDelay(cluster.Network.RunId, cluster.RunDirectory ?? Path.Combine(Path.GetTempPath(), $"{LocalNetwork.Prefix}{cluster.Network.RunId}-delay"));
            await _nfqueue.StartAsync(hosts, profile, random.Next(), cancel);
            via = "nfqueue";
        }

        var done = profile.ToJson();
        done.Insert(0, "via", via);
        done.Insert(0, "hosts", new JsonArray([.. hosts.Select(h => (JsonNode)h.Name)]));
        return done;
    }

    public async Task<JsonNode> HealAsync(Cluster cluster, CancellationToken cancel)
    {
        if (_nfqueue is not null) await _nfqueue.HealAsync(cancel);

        // Deleting the root qdisc where none was added fails harmlessly.
        await Task.WhenAll(cluster.Network.Hosts.Select(h => Exec.RunAsync("ip", ["netns", "exec", h.Namespace, "tc", "qdisc", "del", "dev", "eth0", "root"], cancel: cancel)));
        return new JsonObject { ["healed"] = Name };
    }
}
