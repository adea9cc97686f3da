using ElectionJepsen.Harness.Backends.Etcd;
using ElectionJepsen.Harness.Backends.Redis;
using ElectionJepsen.Harness.Backends.ZooKeeper;
using ElectionJepsen.Harness.Run.Compose;
using ElectionJepsen.TestSupport;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Tests.Run.Compose;

public sealed class ComposeFileTests
{
    /// <summary>Set to 1, the drift test writes the repository's compose file instead of failing (never under CI).</summary>
    public const string Update = ComposeFile.ChangedVariable;

    [Fact]
    public void The_repositorys_compose_file_is_what_the_harness_renders()
    {
        var path = Repository.Path(ComposeFile.FileName);
        var rendered = ComposeFile.Render();
        if (Environment.GetEnvironmentVariable(Update) == "1" && Environment.GetEnvironmentVariable("CI") != "true") File.WriteAllText(path, rendered);

        var committed = File.Exists(path) ? File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) : "(no file)";
        Assert.True(committed == rendered,
            $"{path} differs from ComposeFile.Render(): run this test again with {Update}=1 to write it, then review and commit it "
            + $"(dotnet test tests/Harness.Tests --filter {nameof(ComposeFileTests)}.{nameof(The_repositorys_compose_file_is_what_the_harness_renders)})");
    }

    [Fact]
    public void Every_backend_of_the_file_has_its_servers_under_its_profile_and_redis_has_no_profile()
    {
        var services = ComposeFile.Services().ToDictionary(s => s.Name);

        foreach (var backend in ComposeFile.Backends)
        {
            var hosts = ComposeFile.ServersOf(backend).Split(',').Select(ServerEndpoint.Parse).ToList();
            var profile = backend == BackendNames.Redis ? null : backend;
            Assert.All(hosts, h => Assert.Equal(profile, services[h.Host].Profile));
        }

        Assert.Equal(5, ComposeFile.ServersOf(BackendNames.Redlock).Split(',').Length);
        Assert.Equal($"etcd1:{EtcdBackend.ClientPort},etcd2:{EtcdBackend.ClientPort},etcd3:{EtcdBackend.ClientPort}", ComposeFile.ServersOf(BackendNames.Etcd));
        Assert.Equal($"{ComposeFile.RedisService}:{RedisBackend.Port}", ComposeFile.ServersOf(BackendNames.Redis));
    }

    [Fact]
    public void The_candidate_takes_backend_and_servers_from_the_shell_with_redis_as_default_and_publishes_its_status_port()
    {
        var text = ComposeFile.Render();

        Assert.Contains("      EJ_BACKEND: \"${EJ_BACKEND:-redis}\"\n", text, StringComparison.Ordinal);
        Assert.Contains("      EJ_SERVERS: \"${EJ_SERVERS:-redis:6379}\"\n", text, StringComparison.Ordinal);
        Assert.Contains("      EJ_STATUS_PORT: \"7070\"\n    ports: [\"7070\"]\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("container_name", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zookeeper_services_config_is_the_backends_own_with_dollars_doubled_in_its_command()
    {
        var zk2 = ComposeFile.Services().Single(s => s.Name == "zookeeper2");
        var text = ComposeFile.Render();

        Assert.Contains("server.2=zookeeper2:2888:3888", Assert.Single(zk2.Environment, v => v.Name == "ZOO_CFG").Value, StringComparison.Ordinal);
        Assert.Contains("\"$ZOO_CFG\"", zk2.Command[2], StringComparison.Ordinal);
        Assert.Contains("&& echo 2 > /var/lib/zookeeper/myid && exec java", zk2.Command[2], StringComparison.Ordinal);
        Assert.Contains("\\\"$$ZOO_CFG\\\"", text, StringComparison.Ordinal);
        Assert.Contains($"        clientPort={ZooKeeperBackend.ClientPort}\n", text, StringComparison.Ordinal);
    }
}
