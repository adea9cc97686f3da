using System.Net;
using System.Net.Sockets;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Workloads.Candidate;
using k8s;
using k8s.Autorest;
using k8s.Models;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Backends.Kubernetes;

/// <summary>
/// <c>kubernetes</c> against a real cluster, given by a kubeconfig: no servers of ours. One
/// host of the run (s1) takes the API server's address and relays the candidates'
/// connections to it (<see cref="TcpRelay"/>), so partitions and loss on that host cut the
/// candidates from the API server as they would be cut in a cluster. The candidates use the
/// kubeconfig as it is, with a Lease named after the run, which the harness deletes afterwards.
/// </summary>
public sealed class ClusterBackend : IBackend
{
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(10);
    private readonly IKubernetes _client;
    private readonly string _version;
    private TcpRelay? _relay;

    private ClusterBackend(string kubeconfig, string ns, Uri server, IPAddress address, IKubernetes client, string version)
    {
        Kubeconfig = kubeconfig;
        Namespace = ns;
        Server = server;
        Address = address;
        _client = client;
        _version = version;
    }

    public string Kubeconfig { get; }

    public string Namespace { get; }

    /// <summary>The API server's URL, from the kubeconfig's current context.</summary>
    public Uri Server { get; }

    public IPAddress Address { get; }

    public string Name => BackendNames.Kubernetes;

    public int ServerCount => 1;

    public IReadOnlyList<Requirement> Needs => [];

    public OutsideServer? Outside => new("s1", Address, Server.HostNameType == UriHostNameType.Dns ? Server.Host : null);

    public static string LeaseOf(string runId) => $"electionjepsen-{runId}";

    /// <summary>
    /// Reads the kubeconfig, finds the API server's IPv4 address, and asks the server for its
    /// version and for the Leases of the namespace, so that a cluster that cannot be used
    /// stops the run before anything starts.
    /// </summary>
    public static async Task<ClusterBackend> OpenAsync(string kubeconfig, string ns, CancellationToken cancel)
    {
        if (!File.Exists(kubeconfig)) throw new UsageException($"--kubeconfig {kubeconfig}: no such file");
        k8s.Kubernetes client;
        Uri server;
        try
        {
            RefusePlugins(kubeconfig);
            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
            if (!Uri.TryCreate(config.Host, UriKind.Absolute, out server!) || server.Scheme is not ("https" or "http"))
            {
                throw new UsageException($"--kubeconfig {kubeconfig}: the server \"{config.Host}\" is not an http or https URL");
            }

            client = new k8s.Kubernetes(config);
        }
        catch (Exception e) when (e is k8s.Exceptions.KubeConfigException or IOException or YamlDotNet.Core.YamlException or ArgumentException
                                      or System.Security.Cryptography.CryptographicException or FormatException)
        {
            throw new UsageException($"--kubeconfig {kubeconfig} cannot be used: {OneLine(e.Message)}");
        }

        try
        {
            var address = await AddressOfAsync(server, cancel);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            limit.CancelAfter(CallLimit);
            var version = await client.Version.GetCodeAsync(limit.Token);

            // A dry run of the create the candidates will make: the namespace exists, and Leases may be written in it.
            var probe = new V1Lease { Metadata = new V1ObjectMeta { Name = $"electionjepsen-probe-{Guid.NewGuid():N}", NamespaceProperty = ns } };
            await client.CoordinationV1.CreateNamespacedLeaseAsync(probe, ns, dryRun: "All", cancellationToken: limit.Token);
            return new ClusterBackend(Path.GetFullPath(kubeconfig), ns, server, address, client, $"Kubernetes {version.GitVersion} at {server}");
        }
        catch (Exception e) when (e is HttpRequestException or HttpOperationException or OperationCanceledException && !cancel.IsCancellationRequested)
        {
            var why = e switch
            {
                HttpOperationException h => $"{(int)h.Response.StatusCode} {h.Response.ReasonPhrase}: {OneLine(h.Response.Content)}",
                OperationCanceledException => $"no answer within {CallLimit.TotalSeconds:0} s",
                _ => OneLine(e.Message),
            };
            client.Dispose();
            throw new PrerequisiteException($"the Kubernetes API at {server} cannot be used for Leases in namespace {ns}: {why}");
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Credential plugins (exec, auth-provider) would run on the candidates' hosts, which reach
    /// nothing but the API server: refused, with what to use instead.
    /// </summary>
    private static void RefusePlugins(string kubeconfig)
    {
        var file = KubernetesClientConfiguration.LoadKubeConfig(kubeconfig);
        var context = file.Contexts?.FirstOrDefault(c => c.Name == file.CurrentContext);
        var user = file.Users?.FirstOrDefault(u => u.Name == context?.ContextDetails?.User)?.UserCredentials;
        if (user?.ExternalExecution is not null || user?.AuthProvider is not null)
        {
            throw new UsageException($"--kubeconfig {kubeconfig}: user \"{context!.ContextDetails.User}\" logs in through a credential plugin, which cannot reach its token service from the run's hosts; use a kubeconfig with a token or a client certificate (e.g. a ServiceAccount token)");
        }
    }

    private static async Task<IPAddress> AddressOfAsync(Uri server, CancellationToken cancel)
    {
        IPAddress[] addresses;
        try
        {
            addresses = server.HostNameType == UriHostNameType.Dns ? await Dns.GetHostAddressesAsync(server.Host, cancel) : [IPAddress.Parse(server.Host.Trim('[', ']'))];
        }
        catch (SocketException e)
        {
            throw new PrerequisiteException($"the Kubernetes API server's name {server.Host} does not resolve: {e.Message}");
        }

        var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? throw new UsageException($"--kubeconfig: the API server {server.Host} has no IPv4 address, and the run's hosts speak IPv4 only");
        var bytes = address.GetAddressBytes();
        var why = IPAddress.IsLoopback(address) ? "a loopback address the run's hosts cannot share; give the cluster's address on the machine's network instead (for kind, the control-plane container's address and port 6443)"
            : bytes[0] == 0 || bytes[0] >= 224 || address.Equals(IPAddress.Broadcast) ? "not a unicast address"
            : bytes[0] == 169 && bytes[1] == 254 ? "a link-local address"
            : address.ToString().StartsWith(LocalNetwork.AddressPrefix + ".", StringComparison.Ordinal) ? $"inside {LocalNetwork.Cidr}, the subnet of the run's own hosts"
            : null;
        return why is null ? address : throw new UsageException($"--kubeconfig: the API server is at {address}, {why}");
    }

    public async Task<IReadOnlyList<ClusterNode>> StartAsync(IReadOnlyList<Host> hosts, ServerContext context, CancellationToken cancel)
    {
        _relay = await TcpRelay.StartAsync(hosts[0], new IPEndPoint(Address, Server.Port));
        return [];
    }

    public string Endpoints(IReadOnlyList<Host> hosts) => Server.ToString();

    public CandidateOptions Candidate(CandidateOptions candidate, string runId) =>
        candidate with { Kubeconfig = Kubeconfig, Namespace = Namespace, Lease = LeaseOf(runId) };

    public Task<string> VersionAsync() => Task.FromResult(_version);

    /// <summary>Stops the relay and deletes the run's Lease.</summary>
    public async Task<string?> FinishAsync(ServerContext context, CancellationToken cancel)
    {
        var relayed = _relay?.Connections ?? 0;
        if (_relay is not null) await _relay.DisposeAsync();
        var lease = LeaseOf(context.RunId);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(CallLimit);
        try
        {
            await _client.CoordinationV1.DeleteNamespacedLeaseAsync(lease, Namespace, cancellationToken: limit.Token);
            return $"relayed {relayed} connections to {Server}; deleted Lease {Namespace}/{lease}";
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return $"relayed {relayed} connections to {Server}; Lease {Namespace}/{lease} was never created";
        }
    }

    private static string OneLine(string? message) =>
        string.Join(' ', (message ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
