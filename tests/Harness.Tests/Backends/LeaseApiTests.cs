using System.Text.Json;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Backends.Kubernetes;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Backends;

/// <summary>The Lease API stand-in, over a real etcd, driven with kubectl as an operator would.</summary>
[Collection(NamespacesCollection.Name)]
public sealed class LeaseApiTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private LocalNetwork _net = null!;
    private IReadOnlyList<ClusterNode> _nodes = [];
    private string _kubeconfig = null!;

    /// <summary>kubectl, which only these tests use: Debian's kubernetes-client.</summary>
    private static readonly Requirement Kubectl = Requirement.Program("kubectl", "kubernetes-client");

    public async Task InitializeAsync()
    {
        await Packages.EnsureAsync([.. Prerequisites.Network, .. KubernetesBackend.Local.Needs, Kubectl]);
        _net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), ["s1", "s2", "s3", "s4", "c1"]);
        var servers = _net.Hosts.Where(h => h.Name.StartsWith('s')).ToList();
        _nodes = await KubernetesBackend.Local.StartAsync(servers, new ServerContext(_net.RunId, _dir.Path, TimeSpan.FromSeconds(3)), CancellationToken.None);
        _kubeconfig = Path.Combine(_dir.Path, "kubeconfig");
        await File.WriteAllTextAsync(_kubeconfig, $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: local
              cluster:
                server: {{KubernetesBackend.Local.Endpoints(servers)}}
            contexts:
            - name: local
              context:
                cluster: local
                user: operator
                namespace: default
            current-context: local
            users:
            - name: operator
              user: {}
            """);
    }

    public async Task DisposeAsync()
    {
        foreach (var n in _nodes) await n.Process.DisposeAsync();
        if (_net is not null) await _net.DisposeAsync();
        _dir.Dispose();
    }

    private Task<ExecResult> KubectlAsync(params string[] args) =>
        Exec.RunAsync("ip", ["netns", "exec", _net["c1"].Namespace, "kubectl", "--kubeconfig", _kubeconfig, "--request-timeout", "5s", .. args], timeout: TimeSpan.FromSeconds(30));

    private async Task<string> LeaseFileAsync(string name, string holder, string? resourceVersion = null)
    {
        var path = Path.Combine(_dir.Path, $"{name}-{holder}.json");
        var version = resourceVersion is null ? string.Empty : $", \"resourceVersion\": \"{resourceVersion}\"";
        await File.WriteAllTextAsync(path, $$$"""
            {"apiVersion": "coordination.k8s.io/v1", "kind": "Lease",
             "metadata": {"name": "{{{name}}}"{{{version}}} },
             "spec": {"holderIdentity": "{{{holder}}}", "leaseDurationSeconds": 3, "leaseTransitions": 0} }
            """);
        return path;
    }

    [SkippableFact]
    public async Task Kubectl_creates_gets_replaces_and_deletes_a_lease_and_a_stale_replace_is_a_conflict()
    {
        var created = await KubectlAsync("create", "--validate=false", "-f", await LeaseFileAsync("demo", "c1"));
        Assert.True(created.Ok, created.Out + created.Error);
        Assert.Contains("lease.coordination.k8s.io/demo created", created.Out, StringComparison.Ordinal);

        var again = await KubectlAsync("create", "--validate=false", "-f", await LeaseFileAsync("demo", "c2"));
        Assert.False(again.Ok);
        Assert.Contains("already exists", again.Error, StringComparison.Ordinal);

        var got = await KubectlAsync("get", "lease", "demo", "-o", "json");
        Assert.True(got.Ok, got.Out + got.Error);
        var lease = JsonDocument.Parse(got.Out).RootElement;
        Assert.Equal("c1", lease.GetProperty("spec").GetProperty("holderIdentity").GetString());
        Assert.Equal("default", lease.GetProperty("metadata").GetProperty("namespace").GetString());
        var version = lease.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;
        Assert.True(long.Parse(version, System.Globalization.CultureInfo.InvariantCulture) > 0);

        var replaced = await KubectlAsync("replace", "--validate=false", "-f", await LeaseFileAsync("demo", "c2", version));
        Assert.True(replaced.Ok, replaced.Out + replaced.Error);
        var holder = await KubectlAsync("get", "lease", "demo", "-o", "jsonpath={.spec.holderIdentity}");
        Assert.Equal("c2", holder.Out.Trim());

        // The version c2's write replaced is stale now.
        var stale = await KubectlAsync("replace", "--validate=false", "-f", await LeaseFileAsync("demo", "c3", version));
        Assert.False(stale.Ok);
        Assert.Contains("the object has been modified", stale.Error, StringComparison.Ordinal);

        var listed = await KubectlAsync("get", "leases", "-o", "jsonpath={.items[*].metadata.name}");
        Assert.Equal("demo", listed.Out.Trim());
        var deleted = await KubectlAsync("delete", "lease", "demo");
        Assert.True(deleted.Ok, deleted.Out + deleted.Error);
        var gone = await KubectlAsync("get", "lease", "demo");
        Assert.False(gone.Ok);
        Assert.Contains("NotFound", gone.Error, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task The_leases_live_in_etcd_with_its_revision_as_resource_version()
    {
        Assert.True((await KubectlAsync("create", "--validate=false", "-f", await LeaseFileAsync("kept", "c1"))).Ok);
        var version = (await KubectlAsync("get", "lease", "kept", "-o", "jsonpath={.metadata.resourceVersion}")).Out.Trim();
        var etcd = await Exec.CheckedAsync("ip", ["netns", "exec", _net["s1"].Namespace, "etcdctl", "--endpoints", $"http://{_net["s1"].Address}:2379",
            "get", "/registry/leases/default/kept", "-w", "json"]);
        var kv = JsonDocument.Parse(etcd).RootElement.GetProperty("kvs")[0];
        Assert.Equal(version, kv.GetProperty("mod_revision").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture));
        var stored = JsonDocument.Parse(Convert.FromBase64String(kv.GetProperty("value").GetString()!)).RootElement;
        Assert.Equal("c1", stored.GetProperty("spec").GetProperty("holderIdentity").GetString());
    }
}
