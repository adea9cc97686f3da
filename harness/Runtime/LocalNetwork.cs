using System.Globalization;
using System.Net;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>
/// The hosts of one run: a network namespace per host, each with a veth whose far end is a
/// port of a bridge in the run's own switch namespace, and one address in 10.77.0.0/24.
/// Nothing lives in the root namespace and the hosts have no default route, so no packet
/// can leave the machine. A host may instead take the address of a server outside (see
/// <see cref="OutsideServer"/>): the others then route that one address to it, where a
/// <see cref="TcpRelay"/> carries their connections on. Every name carries the run id
/// (<c>ej-RUNID-…</c>), so that <see cref="Reaper"/> can find what a killed run left.
/// </summary>
public sealed class LocalNetwork : INetwork
{
    public const string Prefix = "ej-";

    /// <summary>The first three octets of every host's address: the hosts are <c>10.77.0.11</c> and on.</summary>
    public const string AddressPrefix = "10.77.0";

    /// <summary>The hosts' subnet, as CIDR.</summary>
    public const string Cidr = AddressPrefix + ".0/24";

    /// <summary>Where <c>ip netns exec</c> finds a namespace's own /etc files (its hosts file).</summary>
    public const string EtcNetns = "/etc/netns";
    private readonly Dictionary<string, Host> _byName;
    private bool _madeEtcNetns;

    private LocalNetwork(string runId, List<Host> hosts)
    {
        RunId = runId;
        Hosts = hosts;
        _byName = hosts.ToDictionary(h => h.Name, StringComparer.Ordinal);
    }

    public string RunId { get; }

    public IReadOnlyList<Host> Hosts { get; }

    public string Subnet => Cidr;

    public string SwitchNamespace => SwitchOf(RunId);

    public Host this[string name] => _byName[name];

    public static string NewRunId() => Convert.ToHexStringLower(Guid.NewGuid().ToByteArray().AsSpan(0, 3));

    public static string SwitchOf(string runId) => $"{Prefix}{runId}-sw";

    public static string NamespaceOf(string runId, string host) => $"{Prefix}{runId}-{host}";

    /// <summary>Makes the switch and the hosts; on any failure removes what it made.</summary>
    public static Task<LocalNetwork> CreateAsync(string runId, IReadOnlyList<string> hostNames, CancellationToken cancel = default) =>
        CreateAsync(runId, hostNames, null, cancel);

    /// <summary>Makes the switch and the hosts, one of them standing for <paramref name="outside"/> when given.</summary>
    public static async Task<LocalNetwork> CreateAsync(string runId, IReadOnlyList<string> hostNames, OutsideServer? outside, CancellationToken cancel = default)
    {
        if (hostNames.Count is 0 or > 200) throw new ArgumentOutOfRangeException(nameof(hostNames), "between 1 and 200 hosts");
        if (outside is not null && !hostNames.Contains(outside.Host)) throw new ArgumentException($"no host {outside.Host} to stand for {outside.Address}", nameof(outside));
        var hosts = hostNames.Select((name, i) => new Host(name, NamespaceOf(runId, name), name == outside?.Host ? outside.Address : IPAddress.Parse($"{AddressPrefix}.{11 + i}"))).ToList();
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
            await Task.WhenAll(hosts.Select(h => Exec.CheckedAsync("ip", ["-n", h.Namespace, "-batch", "-"], Addressing(h, outside), cancel: cancel)));
            if (outside?.Name is { } name) network.WriteHostsFiles(hosts.Where(h => h.Name != outside.Host), $"{outside.Address} {name}");
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The host's address and links; with a server outside, its stand-in holds that one
    /// address and reaches the switch's subnet on the link, and every other host reaches
    /// that address on the link.
    /// </summary>
    private static string Addressing(Host host, OutsideServer? outside)
    {
        var up = "link set eth0 up\nlink set lo up";
        if (outside is null) return $"addr add {host.Address}/24 dev eth0\n{up}";
        if (host.Name == outside.Host) return $"addr add {host.Address}/32 dev eth0\n{up}\nroute add {Cidr} dev eth0 src {host.Address}";
        return $"addr add {host.Address}/24 dev eth0\n{up}\nroute add {outside.Address}/32 dev eth0";
    }

    /// <summary>Gives the hosts a hosts file of their own (bound over /etc/hosts by <c>ip netns exec</c>) that names the outside server.</summary>
    private void WriteHostsFiles(IEnumerable<Host> hosts, string entry)
    {
        _madeEtcNetns |= !Directory.Exists(EtcNetns);
        foreach (var h in hosts)
        {
            var dir = Path.Combine(EtcNetns, h.Namespace);
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "hosts"), $"127.0.0.1 localhost\n::1 localhost\n{entry}\n");
        }
    }

    /// <summary>Kills every process in the run's namespaces and deletes them (their links and rules go with them).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await RemoveNamespacesAsync(Hosts.Select(h => h.Namespace).Append(SwitchNamespace));

            // /etc/netns too, when this run made it for its hosts files and nothing else is in it now.
            try
            {
                if (_madeEtcNetns && Directory.Exists(EtcNetns) && !Directory.EnumerateFileSystemEntries(EtcNetns).Any()) Directory.Delete(EtcNetns);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
        finally
        {
            RunRegistry.Unregister(RunId);
        }
    }

    /// <summary>Kills what runs inside the namespaces, then deletes them; returns how many processes it killed.</summary>
    internal static async Task<int> RemoveNamespacesAsync(IEnumerable<string> names)
    {
        var namespaces = names.ToList();
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

        foreach (var ns in namespaces)
        {
            var etc = Path.Combine(EtcNetns, ns);
            try
            {
                if (Directory.Exists(etc)) Directory.Delete(etc, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the reaper of the next start, which tries again.
            }
        }

        return killed;
    }

    internal static async Task<IReadOnlyList<string>> ListNamespacesAsync()
    {
        var r = await Exec.RunAsync("ip", ["netns", "list"]);
        return [.. r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0])];
    }
}

/// <summary>
/// A server outside the run (a real Kubernetes API server) that the hosts reach through one
/// of them: <paramref name="Host"/> takes the server's IPv4 <paramref name="Address"/>, and
/// when the server goes by a DNS <paramref name="Name"/> the other hosts' hosts file maps it there.
/// </summary>
public sealed record OutsideServer(string Host, IPAddress Address, string? Name);
