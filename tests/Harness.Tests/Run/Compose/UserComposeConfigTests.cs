using ElectionJepsen.Harness.Run.Compose;

namespace ElectionJepsen.Harness.Tests.Run.Compose;

public sealed class UserComposeConfigTests
{
    /// <summary>As docker-compose 1.29 prints <c>config</c>.</summary>
    private const string Printed = """
        networks:
          back:
            labels:
              owner: me
          shared:
            external: true
        services:
          leader:
            container_name: fixed
            environment:
              EJ_SERVERS: redis:6379
              OTHER: '1'
            image: electionjepsen/candidate:latest
            ports:
            - published: 8080
              target: 80
            - target: 9090
          redis:
            command:
            - redis-server
            - --save
            - ''
            image: electionjepsen/servers:latest
        version: '3.9'
        volumes:
          data: {}
        """;

    [Fact]
    public void Services_their_fixed_names_published_ports_and_environment_are_read()
    {
        var config = UserComposeConfig.Parse(Printed);

        Assert.Equal(["leader", "redis"], config.Services.Select(s => s.Name));
        var leader = config["leader"]!;
        Assert.Equal("fixed", leader.ContainerName);
        Assert.Equal(["8080"], leader.PublishedPorts);
        Assert.Equal("redis:6379", leader.Environment["EJ_SERVERS"]);
        Assert.Equal("1", leader.Environment["OTHER"]);
        Assert.Null(config["redis"]!.ContainerName);
        Assert.Empty(config["redis"]!.PublishedPorts);
        Assert.Null(config["postgres"]);
    }

    [Fact]
    public void External_networks_are_not_the_projects_to_label()
    {
        var config = UserComposeConfig.Parse(Printed);

        Assert.Equal(["back"], config.Networks);
        Assert.Equal(["data"], config.Volumes);
    }

    [Fact]
    public void The_override_labels_every_service_and_network_and_gives_the_candidate_service_alone_the_environment()
    {
        var yaml = ComposeOverride.Render(UserComposeConfig.Parse(Printed), "leader", "abc123", new Dictionary<string, string> { ["EJ_BACKEND"] = "redis" });

        Assert.Equal(5, yaml.Split("electionjepsen.run: \"abc123\"").Length - 1);
        Assert.Contains("  \"leader\":\n    environment:\n      EJ_BACKEND: \"redis\"\n", yaml, StringComparison.Ordinal);
        Assert.Contains("  \"redis\":\n    labels:\n", yaml, StringComparison.Ordinal);
        Assert.Contains("  \"default\":\n", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("shared", yaml, StringComparison.Ordinal);
    }
}
