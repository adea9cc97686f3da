using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Backends.Etcd;
using ElectionJepsen.Harness.Backends.Kubernetes;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.TestSupport;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Harness.Tests.Backends;

/// <summary>
/// <c>--kubeconfig</c>: a run against a cluster outside the run's hosts. No kube-apiserver
/// can be had from this machine's package archive, so the cluster here is an etcd and the
/// Lease API server started in the root namespace, on the machine's own address, which the
/// harness reaches as it would reach a real API server: through its relay host.
/// </summary>
[Collection(NamespacesCollection.Name)]
public sealed class ClusterBackendTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private readonly List<Process> _processes = [];
    private string _server = null!;
    private string _kubeconfig = null!;

    public async Task InitializeAsync()
    {
        await Packages.EnsureAsync([.. Prerequisites.Network, .. EtcdBackend.Checked.Needs]);
        var address = RootAddress.Find();
        var (client, peer, api) = (FreePort(IPAddress.Loopback), FreePort(IPAddress.Loopback), FreePort(address));
        var etcd = $"http://127.0.0.1:{client}";
        Start("etcd", "--name", "outside", "--data-dir", Path.Combine(_dir.Path, "etcd"), "--listen-client-urls", etcd, "--advertise-client-urls", etcd,
            "--listen-peer-urls", $"http://127.0.0.1:{peer}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peer}", "--initial-cluster", $"outside=http://127.0.0.1:{peer}");
        Start("dotnet", typeof(Program).Assembly.Location, "lease-api", "--listen", $"{address}:{api}", "--etcd", etcd);
        _server = $"http://{address}:{api}";
        _kubeconfig = _dir.File("kubeconfig", $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: outside
              cluster:
                server: {{_server}}
            contexts:
            - name: outside
              context:
                cluster: outside
                user: tester
            current-context: outside
            users:
            - name: tester
              user:
                token: tester
            """);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var deadline = DateTime.UtcNow.AddSeconds(30); ; await Task.Delay(200))
        {
            try
            {
                if ((await http.GetAsync($"{_server}/apis/coordination.k8s.io/v1/namespaces/default/leases")).IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, "the Lease API in the root namespace did not serve within 30 s");
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var p in _processes)
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
            p.Dispose();
        }

        _dir.Dispose();
    }

    [SkippableFact]
    public async Task A_run_against_a_cluster_elects_through_the_relay_fails_over_and_deletes_its_lease()
    {
        var store = Path.Combine(_dir.Path, "store");
        var run = await HarnessRun.ProcessAsync(
            "--backend", "kubernetes", "--kubeconfig", _kubeconfig, "--namespace", "ej-tests", "--nemesis", "partition", "--partition-shape", "isolate-leader",
            "--ttl", "3s", "--nemesis-interval", "5s", "--time-limit", "14s", "--store", store);

        Assert.True(run.ExitCode is 0 or 1, run.Out + run.Error);
        var dir = Path.Combine(store, "latest");
        var test = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "test.json"))).RootElement;
        var runId = test.GetProperty("run_id").GetString()!;
        var lease = test.GetProperty("kubernetes").GetProperty("lease").GetString();
        Assert.Equal(ClusterBackend.LeaseOf(runId), lease);
        Assert.Contains($"--kubeconfig {_kubeconfig} --namespace ej-tests", test.GetProperty("rerun").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("Kubernetes v1.30.0-electionjepsen at", test.GetProperty("versions").GetProperty("servers").GetString(), StringComparison.Ordinal);

        var history = HistoryT.Load(Path.Combine(dir, "history.jsonl"));
        Assert.Contains(history.Operations, o => o is { F: "acquire", Outcome: Outcome.Ok } && o.Output.Token >= 1);
        Assert.Contains(history.Operations, o => o is { F: "start-partition", Outcome: Outcome.Ok });
        var results = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "results.json"))).RootElement;
        Assert.True(results.GetProperty("failover").GetProperty("count").GetInt32() >= 1, run.Out);

        // The Lease was written in the cluster and is gone now; nothing of the run is left.
        Assert.Contains($"deleted Lease ej-tests/{lease}", run.Out, StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"{_server}/apis/coordination.k8s.io/v1/namespaces/ej-tests/leases/{lease}")).StatusCode);
        Assert.DoesNotContain(await LocalNetwork.ListNamespacesAsync(), n => n.Contains(runId, StringComparison.Ordinal));
        Assert.False(Directory.Exists(LocalNetwork.EtcNetns) && Directory.GetDirectories(LocalNetwork.EtcNetns, $"ej-{runId}-*").Length > 0);
    }

    [SkippableFact]
    public async Task A_cluster_that_does_not_answer_stops_the_run_before_it_starts()
    {
        var silent = _dir.File("silent", File.ReadAllText(_kubeconfig).Replace(_server, $"http://{RootAddress.Find()}:{FreePort(RootAddress.Find())}", StringComparison.Ordinal));

        var run = await HarnessRun.InProcessAsync("--backend", "kubernetes", "--kubeconfig", silent, "--store", Path.Combine(_dir.Path, "store"));

        Assert.Equal(69, run.ExitCode);
        Assert.Contains("cannot be used for Leases in namespace default", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir.Path, "store")));
    }

    private void Start(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        _processes.Add(p);
    }

    private static int FreePort(IPAddress address)
    {
        using var l = new TcpListener(address, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
