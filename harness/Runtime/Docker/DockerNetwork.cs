using System.Globalization;
using System.Net;
using Docker.DotNet.Models;

namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>A host to make on the docker runtime, and the image its programs run from.</summary>
public sealed record DockerHost(string Name, string Image);

/// <summary>
/// The hosts of one run on the docker runtime: a bridge network of the run's own (internal: no
/// way out, as the local hosts have no default route), and per host an infra container that
/// holds the host's network namespace and address and runs nothing but <c>sleep</c> (it is
/// never paused, killed or restarted, as a Kubernetes pod's sandbox). Its namespace is given
/// the name a local host's would have (<c>ip netns attach</c>), so the nemeses' iptables rules,
/// the probes, the ledger and the status client reach into it exactly as on the local runtime,
/// and the harness is never cut off from a candidate. Every container and the network carry
/// the run id as a label, for the reaper.
/// </summary>
public sealed class DockerNetwork : INetwork
{
    public const string InfraRole = "infra";
    private readonly Dictionary<string, Host> _byName = new(StringComparer.Ordinal);
    private readonly List<Host> _hosts = [];
    private readonly List<string> _infra = [];
    private readonly DockerEngine _engine;

    private DockerNetwork(DockerEngine engine, string runId)
    {
        _engine = engine;
        RunId = runId;
    }

    public string RunId { get; }

    /// <summary>The engine's id of the run's network; empty until it is made.</summary>
    public string NetworkId { get; private set; } = string.Empty;

    public string Subnet { get; private set; } = string.Empty;

    public IReadOnlyList<Host> Hosts => _hosts;

    public Host this[string name] => _byName[name];

    /// <summary>The network's name: the run's prefix and id, as every name of a run.</summary>
    public static string NameOf(string runId) => $"{LocalNetwork.Prefix}{runId}";

    /// <summary>Makes the network and the hosts; on any failure removes what it made.</summary>
    public static async Task<DockerNetwork> CreateAsync(DockerEngine engine, string runId, IReadOnlyList<DockerHost> hosts, string infraImage, IReadOnlyList<string> binds, CancellationToken cancel)
    {
        RunRegistry.Register(runId);
        var network = new DockerNetwork(engine, runId);
        try
        {
            network.NetworkId = await engine.Api.CreateNetworkAsync(new NetworksCreateParameters
            {
                Name = NameOf(runId),
                Driver = "bridge",
                CheckDuplicate = true,
                Internal = true,
                Labels = DockerLabels.OfRun(runId),
            }, cancel);
            network.Subnet = (await engine.Api.InspectNetworkAsync(network.NetworkId, cancel)).IPAM.Config.FirstOrDefault()?.Subnet
                ?? throw new InvalidOperationException($"the engine gave the network {NameOf(runId)} no subnet");
            foreach (var h in hosts) await network.AddHostAsync(h, infraImage, binds, cancel);
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>The host's infra container, started, and its namespace named.</summary>
    private async Task AddHostAsync(DockerHost h, string infraImage, IReadOnlyList<string> binds, CancellationToken cancel)
    {
        var ns = LocalNetwork.NamespaceOf(RunId, h.Name);
        var container = await _engine.Api.CreateContainerAsync(new CreateContainerParameters
        {
            Name = ns,
            Hostname = h.Name,
            Image = infraImage,
            Entrypoint = ["sleep", "infinity"],
            Labels = DockerLabels.OfNode(RunId, h.Name, InfraRole),
            HostConfig = new HostConfig { NetworkMode = NetworkId },
            NetworkingConfig = new NetworkingConfig
            {
                EndpointsConfig = new Dictionary<string, EndpointSettings> { [NetworkId] = new() { Aliases = [h.Name] } },
            },
        }, cancel);
        _infra.Add(container);
        await _engine.Api.StartContainerAsync(container, cancel);
        var inspected = await _engine.Api.InspectContainerAsync(container, cancel);
        var address = inspected.NetworkSettings.Networks.Values.Select(n => n.IPAddress).FirstOrDefault(a => !string.IsNullOrEmpty(a))
            ?? throw new InvalidOperationException($"the engine gave the host {h.Name} no address");
        var host = new Host(h.Name, ns, IPAddress.Parse(address)) { Programs = new DockerPrograms(_engine, RunId, container, h.Image, binds) };
        _hosts.Add(host);
        _byName[h.Name] = host;
        await Exec.CheckedAsync("ip", ["netns", "attach", ns, inspected.State.Pid.ToString(CultureInfo.InvariantCulture)], cancel: cancel);
    }

    /// <summary>Removes the hosts' programs, the infra containers, the namespaces' names and the network.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            var workers = Hosts.Select(h => h.Programs).OfType<DockerPrograms>().SelectMany(p => p.Containers);
            await Task.WhenAll(workers.Concat(_infra).Select(RemoveQuietlyAsync));
            await LocalNetwork.RemoveNamespacesAsync(Hosts.Select(h => h.Namespace));
            if (NetworkId.Length > 0) await _engine.Api.RemoveNetworkAsync(NetworkId, CancellationToken.None);
        }
        finally
        {
            RunRegistry.Unregister(RunId);
        }
    }

    private async Task RemoveQuietlyAsync(string container)
    {
        try
        {
            await _engine.Api.RemoveContainerAsync(container, CancellationToken.None);
        }
        catch (global::Docker.DotNet.DockerContainerNotFoundException)
        {
        }
    }
}
