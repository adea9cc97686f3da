using System.CommandLine;
using System.Text;
using ElectionJepsen.Harness.Backends.Peers;
using ElectionJepsen.Harness.Backends.Redis;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Harness.Tests.Run;

/// <summary>test.json as a run writes it: the fields in their order, and a rerun command that gives the run's options again.</summary>
public sealed class TestRecordTests
{
    private static readonly DateTime Started = new(2026, 11, 23, 10, 15, 0, DateTimeKind.Utc);

    [Fact]
    public void A_run_writes_its_options_the_versions_and_the_rerun_command()
    {
        var options = new RunOptions("redis", ["partition"], 5, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10), 42, TimeSpan.FromSeconds(5), true, "store", false);
        using var stream = new MemoryStream();

        TestRecord.Of(options, "0a1b2c", RedisBackend.Single, "Redis server v=7.0.15", ["--backend", "redis", "--nemesis", "partition", "--seed", "42"], Started).Write(stream);

        var text = Encoding.UTF8.GetString(stream.ToArray());
        var expected = $$"""
            {
              "run_id": "0a1b2c",
              "backend": "redis",
              "nemesis": [
                "partition"
              ],
              "nodes": 5,
              "time_limit_s": 60,
              "nemesis_interval_s": 10,
              "seed": 42,
              "ttl_ms": 5000,
              "fencing": true,
              "runtime": "local",
              "claim_interval_ms": 50,
              "write_interval_ms": 100,
              "job_interval_ms": 1000,
              "claim_timeout_ms": 1000,
              "partition_scope": "all",
              "delay": null,
              "partition_shapes": [
                "isolate-leader",
                "one",
                "halves",
                "majorities-ring",
                "bridge"
              ],
              "servers": {
                "etcd_heartbeat_ms": 100,
                "etcd_election_timeout_ms": 1000,
                "etcd_pre_vote": true,
                "zk_tick_time_ms": 500
              },
              "candidate": null,
              "kubernetes": null,
              "started": "2026-11-23T10:15:00.0000000Z",
              "versions": {
                "servers": "Redis server v=7.0.15",
                "dotnet": "{{Environment.Version}}",
                "kernel": "{{Environment.OSVersion.VersionString}}"
              },
              "command": "--backend redis --nemesis partition --seed 42",
              "rerun": "dotnet run --project harness -- --backend redis --nemesis partition --nodes 5 --time-limit 60s --nemesis-interval 10s --seed 42 --ttl 5s --fencing on"
            }
            """;
        Assert.Equal(expected, text);
    }

    [Fact]
    public void The_rerun_command_in_test_json_reads_back_as_the_run_s_options()
    {
        var options = new RunOptions("raft", ["pause", "partition+clock", "delay"], 7, TimeSpan.FromSeconds(90), TimeSpan.FromSeconds(7.5), 9, TimeSpan.FromMilliseconds(2500), false, "store", false)
        {
            PartitionScope = Harness.Nemeses.Partition.PartitionScope.All,
            PartitionShapes = ["halves", "one"],
            Delay = new(TimeSpan.FromMilliseconds(120), TimeSpan.FromMilliseconds(30), Harness.Nemeses.Delay.JitterDistribution.Uniform, 0.01, 0.02),
        };
        using var stream = new MemoryStream();
        TestRecord.Of(options, "0a1b2c", PeerBackend.Raft, "none", [], Started).Write(stream);
        var rerun = TestJson.Read((System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(stream.ToArray())!).Rerun!;

        const string prefix = "dotnet run --project harness -- ";
        Assert.StartsWith(prefix, rerun, StringComparison.Ordinal);
        var set = new RunOptionSet();
        var command = new RootCommand();
        set.AddTo(command);
        command.Options.Add(new Option<bool>("--verbose"));
        var parse = command.Parse(rerun[prefix.Length..]);
        var read = set.Read(parse, parse.GetValue(set.Backend)!, NemesisNames.Parse(parse.GetValue(set.Nemesis)!), PeerBackend.Raft.DefaultPartitionScope);

        Assert.Equal(options with { Nemeses = [], PartitionShapes = [] }, read with { Nemeses = [], PartitionShapes = [] });
        Assert.Equal(options.Nemeses, read.Nemeses);
        Assert.Equal(options.PartitionShapes, read.PartitionShapes);
    }
}
