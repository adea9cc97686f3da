using System.Globalization;
using System.Net;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>
/// The hosts of one run: a network namespace per host, each with a veth whose far end is a
/// port of a bridge in the run's own switch namespace, and one address in 10.77.0.0/24.
/// Nothing lives in the root namespace and the hosts have no default route, so no packet
/// can leave the machine. Every name carries the run id (<c>ej-RUNID-…</c>), so that
/// <see cref="Reaper"/> can find what a killed run left.
/// </summary>
public sealed class LocalNetwork : IAsyncDisposable
{
    public const string Prefix = "ej-";
    public const string Subnet = "10.77.0";
    private readonly Dictionary<string, Host> _byName;

    private LocalNetwork(string runId, List<Host> hosts)
    {
        RunId = runId;
        Hosts = hosts;
        _byName = hosts.ToDictionary(h => h.Name, StringComparer.Ordinal);
    }

    public string RunId { get; }

    public IReadOnlyList<Host> Hosts { get; }

    public string SwitchNamespace => SwitchOf(RunId);

    public Host this[string name] => _byName[name];

    public static string NewRunId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 3));

    public static string SwitchOf(string runId) => $"{Prefix}{runId}-sw";

    public static string NamespaceOf(string runId, string host) => $"{Prefix}{runId}-{host}";

    /// <summary>Makes the switch and the hosts; on any failure removes what it made.</summary>
    public static async Task<LocalNetwork> CreateAsync(string runId, IReadOnlyList<string> hostNames, CancellationToken cancel = default)
    {
        if (hostNames.Count is 0 or > 200) throw new ArgumentOutOfRangeException(nameof(hostNames), "between 1 and 200 hosts");
        var hosts = hostNames.Select((name, i) => new Host(name, NamespaceOf(runId, name), IPAddress.Parse($"{Subnet}.{11 + i}"))).ToList();
        var network = new LocalNetwork(runId, hosts);
        RunRegistry.Register(runId);
        try
        {
            var sw = network.SwitchNamespace;
            var namespaces = string.Join('\n', hosts.Select(h => $"netns add {h.Namespace}").Prepend($"netns add {sw}"));
            await Exec.CheckedAsync("ip", ["-batch", "-"], namespaces, cancel: cancel);
            var ports = new List<string> { "link add br0 type bridge", "link set br0 up", "link set lo up" };
            for (var i = 0; i < hosts.Count; i++)
            {
                ports.Add($"link add p{i + 1} type veth peer name eth0 netns {hosts[i].Namespace}");
                ports.Add($"link set p{i + 1} master br0");
                ports.Add($"link set p{i + 1} up");
            }

            await Exec.CheckedAsync("ip", ["-n", sw, "-batch", "-"], string.Join('\n', ports), cancel: cancel);
            await Task.WhenAll(hosts.Select(h => Exec.CheckedAsync("ip", ["-n", h.Namespace, "-batch", "-"],
                $"addr add {h.Address}/24 dev eth0\nlink set eth0 up\nlink set lo up", cancel: cancel)));
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills every process in the run's namespaces and deletes them (their links and rules go with them).</summary>
    public async ValueTask DisposeAsync()
    {
        await RemoveNamespacesAsync(Hosts.Select(h => h.Namespace).Append(SwitchNamespace));
        RunRegistry.Unregister(RunId);
    }

    /// <summary>Kills what runs inside the namespaces, then deletes them; returns how many processes it killed.</summary>
    internal static async Task<int> RemoveNamespacesAsync(IEnumerable<string> namespaces)
    {
        var existing = (await ListNamespacesAsync()).ToHashSet(StringComparer.Ordinal);
        var present = namespaces.Where(existing.Contains).ToList();
        var killed = 0;
        foreach (var ns in present)
        {
            var pids = await Exec.RunAsync("ip", ["netns", "pids", ns]);
            foreach (var line in pids.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && Signals.Send(pid, Signals.Kill)) killed++;
            }
        }

        if (present.Count > 0)
        {
            // -force: go on past a namespace that vanished meanwhile.
            await Exec.RunAsync("ip", ["-force", "-batch", "-"], string.Join('\n', present.Select(ns => $"netns del {ns}")));
        }

        return killed;
    }

    internal static async Task<IReadOnlyList<string>> ListNamespacesAsync()
    {
        var r = await Exec.RunAsync("ip", ["netns", "list"]);
        return [.. r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0])];
    }
}
