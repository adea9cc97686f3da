using System.Diagnostics;
using System.Globalization;
using System.Text;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Nemeses.Partition;

/// <summary>
/// Network faults as iptables rules inside the hosts (never in the root namespace): a
/// grudge drops, on each host, the packets coming from the hosts it holds a grudge
/// against; loss drops a share of every packet at random. Heal flushes every host's rules.
/// The rules in force are remembered, so that a host whose namespace was made again (a
/// container started again) gets them again (<see cref="ReapplyAsync"/>).
/// </summary>
public sealed class NetworkFaults(INetwork network)
{
    private readonly Dictionary<string, List<string>> _inForce = new(StringComparer.Ordinal);

    /// <summary>Applies the grudge on every host at once; returns how long it took.</summary>
    public async Task<TimeSpan> PartitionAsync(Grudge grudge, CancellationToken cancel = default)
    {
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(grudge.Drops.Where(kv => kv.Value.Count > 0).Select(kv =>
        {
            var rules = new StringBuilder("*filter\n");
            foreach (var from in kv.Value) rules.Append(CultureInfo.InvariantCulture, $"-A INPUT -s {network[from].Address} -j DROP\n");
            rules.Append("COMMIT\n");
            return Restore(network[kv.Key], rules.ToString(), cancel);
        }));
        return sw.Elapsed;
    }

    /// <summary>Drops incoming packets at random with the given probability on the given hosts.</summary>
    public async Task<TimeSpan> LoseAsync(IEnumerable<Host> hosts, double probability, CancellationToken cancel = default)
    {
        var sw = Stopwatch.StartNew();
        var p = probability.ToString("0.####", CultureInfo.InvariantCulture);
        var rules = $"*filter\n-A INPUT -i eth0 -m statistic --mode random --probability {p} -j DROP\nCOMMIT\n";
        await Task.WhenAll(hosts.Select(h => Restore(h, rules, cancel)));
        return sw.Elapsed;
    }

    /// <summary>Removes every rule on every host.</summary>
    public async Task<TimeSpan> HealAsync(CancellationToken cancel = default)
    {
        var sw = Stopwatch.StartNew();
        lock (_inForce) _inForce.Clear();
        await Task.WhenAll(network.Hosts.Select(h => Exec.CheckedAsync("ip", ["netns", "exec", h.Namespace, "iptables", "-w", "-F"], cancel: cancel)));
        return sw.Elapsed;
    }

    /// <summary>Applies again on <paramref name="host"/>'s namespace, new and bare, the rules in force there; how many.</summary>
    public async Task<int> ReapplyAsync(Host host, CancellationToken cancel = default)
    {
        List<string> rules;
        lock (_inForce) rules = _inForce.TryGetValue(host.Name, out var r) ? [.. r] : [];
        foreach (var set in rules) await Apply(host, set, cancel);
        return rules.Count;
    }

    private Task<string> Restore(Host host, string rules, CancellationToken cancel)
    {
        lock (_inForce)
        {
            if (!_inForce.TryGetValue(host.Name, out var list)) _inForce[host.Name] = list = [];
            list.Add(rules);
        }

        return Apply(host, rules, cancel);
    }

    private static Task<string> Apply(Host host, string rules, CancellationToken cancel) =>
        Exec.CheckedAsync("ip", ["netns", "exec", host.Namespace, "iptables-restore", "-w", "--noflush"], rules, cancel: cancel);
}
