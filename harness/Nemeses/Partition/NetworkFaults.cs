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

    /// <summary>One change at a time: rules put in force, applied again, or flushed.</summary>
    private readonly SemaphoreSlim _changing = new(1, 1);

    /// <summary>Applies the grudge on every host at once; returns how long it took.</summary>
    public async Task<TimeSpan> PartitionAsync(Grudge grudge, CancellationToken cancel = default)
    {
        var sw = Stopwatch.StartNew();
        var sets = grudge.Drops.Where(kv => kv.Value.Count > 0).Select(kv =>
        {
            var rules = new StringBuilder("*filter\n");
            foreach (var from in kv.Value) rules.Append(CultureInfo.InvariantCulture, $"-A INPUT -s {network[from].Address} -j DROP\n");
            rules.Append("COMMIT\n");
            return (network[kv.Key], rules.ToString());
        });
        await InForceAsync(sets, cancel);
        return sw.Elapsed;
    }

    /// <summary>Drops incoming packets at random with the given probability on the given hosts.</summary>
    public async Task<TimeSpan> LoseAsync(IEnumerable<Host> hosts, double probability, CancellationToken cancel = default)
    {
        var sw = Stopwatch.StartNew();
        var p = probability.ToString("0.####", CultureInfo.InvariantCulture);
        var rules = $"*filter\n-A INPUT -i eth0 -m statistic --mode random --probability {p} -j DROP\nCOMMIT\n";
        await InForceAsync(hosts.Select(h => (h, rules)), cancel);
        return sw.Elapsed;
    }

    /// <summary>Removes every rule on every host.</summary>
    public async Task<TimeSpan> HealAsync(CancellationToken cancel = default)
    {
        var sw = Stopwatch.StartNew();
        await _changing.WaitAsync(cancel);
        try
        {
            _inForce.Clear();
            await Task.WhenAll(network.Hosts.Select(h => Exec.CheckedAsync("ip", ["netns", "exec", h.Namespace, "iptables", "-w", "-F"], cancel: cancel)));
        }
        finally
        {
            _changing.Release();
        }

        return sw.Elapsed;
    }

    /// <summary>Applies again on <paramref name="host"/>'s namespace, new and bare, the rules in force there; how many.</summary>
    public async Task<int> ReapplyAsync(Host host, CancellationToken cancel = default)
    {
        await _changing.WaitAsync(cancel);
        try
        {
            var rules = _inForce.TryGetValue(host.Name, out var r) ? r : [];
            foreach (var set in rules) await Apply(host, set, cancel);
            return rules.Count;
        }
        finally
        {
            _changing.Release();
        }
    }

    /// <summary>Puts the rule sets in force on their hosts at once, remembering them until the heal.</summary>
    private async Task InForceAsync(IEnumerable<(Host Host, string Rules)> sets, CancellationToken cancel)
    {
        var list = sets.ToList();
        await _changing.WaitAsync(cancel);
        try
        {
            foreach (var (host, rules) in list)
            {
                if (!_inForce.TryGetValue(host.Name, out var held)) _inForce[host.Name] = held = [];
                held.Add(rules);
            }

            await Task.WhenAll(list.Select(s => Apply(s.Host, s.Rules, cancel)));
        }
        finally
        {
            _changing.Release();
        }
    }

    private static Task<string> Apply(Host host, string rules, CancellationToken cancel) =>
        Exec.CheckedAsync("ip", ["netns", "exec", host.Namespace, "iptables-restore", "-w", "--noflush"], rules, cancel: cancel);
}
