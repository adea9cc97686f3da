using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Backends.Kubernetes;
using ElectionJepsen.Harness.Nemeses.Delay;
using ElectionJepsen.Harness.Nemeses.Partition;

namespace ElectionJepsen.Harness.Run;

/// <summary>test.json: the options, the seed, the versions, and the command that reruns the test.</summary>
public static class TestJson
{
    public static async Task WriteAsync(string path, string runId, RunOptions o, IBackend backend, string[] commandLine)
    {
        var inv = CultureInfo.InvariantCulture;
        var rerun = string.Create(inv,
            $"dotnet run --project harness -- --backend {o.Backend} --nemesis {string.Join(',', o.Nemeses.DefaultIfEmpty("none"))} --nodes {o.Nodes} " +
            $"--time-limit {o.TimeLimit.TotalSeconds}s --nemesis-interval {o.NemesisInterval.TotalSeconds}s --seed {o.Seed} --ttl {o.Ttl.TotalSeconds}s " +
            $"--fencing {(o.Fencing ? "on" : "off")}") +
            (o.PartitionScope == PartitionScope.All ? string.Empty : $" --partition-scope {PartitionScopes.Name(o.PartitionScope)}") +
            (o.PartitionShapes.SequenceEqual(PartitionShapes.All) ? string.Empty : $" --partition-shape {string.Join(',', o.PartitionShapes)}") +
            string.Concat(o.Servers.Arguments().Select(a => " " + a)) +
            (o.ElectorRenewDeadline is { } rd ? string.Create(inv, $" --k8s-renew-deadline {rd.TotalMilliseconds}ms") : string.Empty) +
            (o.ElectorRetryPeriod is { } rp ? string.Create(inv, $" --k8s-retry-period {rp.TotalMilliseconds}ms") : string.Empty) +
            (o.Kubeconfig is { } kc ? $" --kubeconfig {kc} --namespace {o.KubernetesNamespace}" : string.Empty) +
            (o.Delays ? string.Concat(DelayOptions.ToArguments(o.Delay).Select(a => " " + a)) : string.Empty);
        var json = new JsonObject
        {
            ["run_id"] = runId,
            ["backend"] = o.Backend,
            ["nemesis"] = new JsonArray([.. o.Nemeses.Select(n => (JsonNode)n)]),
            ["nodes"] = o.Nodes,
            ["time_limit_s"] = o.TimeLimit.TotalSeconds,
            ["nemesis_interval_s"] = o.NemesisInterval.TotalSeconds,
            ["seed"] = o.Seed,
            ["ttl_ms"] = o.Ttl.TotalMilliseconds,
            ["fencing"] = o.Fencing,
            ["claim_interval_ms"] = o.ClaimInterval.TotalMilliseconds,
            ["write_interval_ms"] = o.WriteInterval.TotalMilliseconds,
            ["job_interval_ms"] = o.JobInterval.TotalMilliseconds,
            ["claim_timeout_ms"] = o.ClaimTimeout.TotalMilliseconds,
            ["partition_scope"] = PartitionScopes.Name(o.PartitionScope),
            ["delay"] = o.Delays ? o.Delay.ToJson() : null,
            ["partition_shapes"] = new JsonArray([.. o.PartitionShapes.Select(n => (JsonNode)n)]),
            ["servers"] = new JsonObject
            {
                ["etcd_heartbeat_ms"] = o.Servers.EtcdHeartbeat.TotalMilliseconds,
                ["etcd_election_timeout_ms"] = o.Servers.EtcdElectionTimeout.TotalMilliseconds,
                ["etcd_pre_vote"] = o.Servers.EtcdPreVote,
                ["zk_tick_time_ms"] = o.Servers.ZooKeeperTick.TotalMilliseconds,
            },
            ["kubernetes"] = backend is ClusterBackend cluster
                ? new JsonObject { ["kubeconfig"] = cluster.Kubeconfig, ["server"] = cluster.Server.ToString(), ["namespace"] = cluster.Namespace, ["lease"] = ClusterBackend.LeaseOf(runId) }
                : null,
            ["started"] = DateTime.UtcNow.ToString("O", inv),
            ["versions"] = new JsonObject
            {
                ["servers"] = await backend.VersionAsync(),
                ["dotnet"] = Environment.Version.ToString(),
                ["kernel"] = Environment.OSVersion.VersionString,
            },
            ["command"] = string.Join(' ', commandLine.Skip(1)),
            ["rerun"] = rerun,
        };
        await File.WriteAllTextAsync(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
