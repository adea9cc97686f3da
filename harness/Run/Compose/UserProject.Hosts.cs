using System.Globalization;
using System.Net;
using Docker.DotNet.Models;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Runtime.Docker;

namespace ElectionJepsen.Harness.Run.Compose;

public sealed partial class UserProject
{
    /// <summary>The project's replicas, found by compose's labels, as the run's hosts, each namespace named.</summary>
    private async Task FindHostsAsync(string candidateService, int candidates, CancellationToken cancel)
    {
        var replicas = (await _api.ListContainersAsync(ComposeLabels.ReplicasFilter(Project), cancel))
            .Select(c => (c.ID, Service: c.Labels[ComposeLabels.Service], Number: int.Parse(c.Labels[ComposeLabels.Number], CultureInfo.InvariantCulture)))
            .OrderBy(c => c.Service, StringComparer.Ordinal).ThenBy(c => c.Number)
            .ToList();
        var mine = replicas.Where(r => r.Service == candidateService).ToList();
        if (mine.Count != candidates)
        {
            throw new InvalidOperationException($"compose made {mine.Count} containers of {candidateService}, not {candidates}");
        }

        Candidates = await AttachAsync("c", mine, cancel);
        Servers = await AttachAsync("s", [.. replicas.Where(r => r.Service != candidateService)], cancel);
        var first = await _api.InspectContainerAsync(mine[0].ID, cancel);
        var network = first.NetworkSettings.Networks.Values.First();
        Subnet = (await _api.InspectNetworkAsync(network.NetworkID, cancel)).IPAM.Config.FirstOrDefault()?.Subnet ?? string.Empty;
    }

    private async Task<IReadOnlyList<Host>> AttachAsync(string prefix, IReadOnlyList<(string ID, string Service, int Number)> containers, CancellationToken cancel)
    {
        var hosts = new List<Host>();
        foreach (var (c, i) in containers.Select((c, i) => (c, i)))
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}{i + 1}");
            var inspected = await _api.InspectContainerAsync(c.ID, cancel);
            var service = string.Create(CultureInfo.InvariantCulture, $"{c.Service} #{c.Number}");
            Host host = null!;
            host = new Host(name, LocalNetwork.NamespaceOf(RunId, name), AddressOf(inspected, service))
            {
                Programs = new ContainerPrograms(_api, c.ID, inspected.State.Pid, (again, ct) => CameBackAsync(host, again, ct)),
            };
            await NameNamespaceAsync(host.Namespace, inspected, cancel);
            hosts.Add(host);
            _hosts.Add(host);
            _byName[name] = host;
            _services[name] = service;
        }

        return hosts;
    }

    /// <summary>
    /// Whoever must follow a host whose container was started again, into its new network
    /// namespace (the run's ledger listener, status client and the network faults in force):
    /// called, in the order given, once the host's name holds the new namespace.
    /// </summary>
    public void OnCameBack(Func<Host, CancellationToken, Task> follow) => _followers.Add(follow);

    private readonly List<Func<Host, CancellationToken, Task>> _followers = [];

    /// <summary>
    /// A container started again: the same address (else the run's faults and probes would
    /// not follow it), its new namespace given the host's name, then the followers told.
    /// </summary>
    private async Task CameBackAsync(Host host, ContainerInspectResponse again, CancellationToken cancel)
    {
        var address = AddressOf(again, _services[host.Name]);
        if (!address.Equals(host.Address))
        {
            throw new ExecException($"{_services[host.Name]} ({host.Name}) came back with the address {address}, not {host.Address}: the run's faults and probes would not follow it");
        }

        await Exec.RunAsync("ip", ["netns", "delete", host.Namespace], cancel: cancel);
        await NameNamespaceAsync(host.Namespace, again, cancel);
        foreach (var follow in _followers) await follow(host, cancel);
    }

    private static IPAddress AddressOf(ContainerInspectResponse container, string service) =>
        container.NetworkSettings.Networks.Values.Select(n => n.IPAddress).FirstOrDefault(a => !string.IsNullOrEmpty(a)) is { } address
            ? IPAddress.Parse(address)
            : throw new ExecException($"the container {service} has no address");

    private static async Task NameNamespaceAsync(string ns, ContainerInspectResponse container, CancellationToken cancel)
    {
        if (!container.State.Running || container.State.Pid <= 0) throw new InvalidOperationException($"the container {container.Name.TrimStart('/')} is not running: {container.State.Status}");
        await Exec.CheckedAsync("ip", ["netns", "attach", ns, container.State.Pid.ToString(CultureInfo.InvariantCulture)], cancel: cancel);
    }
}
