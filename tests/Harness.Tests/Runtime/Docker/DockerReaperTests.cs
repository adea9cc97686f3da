using Docker.DotNet.Models;
using ElectionJepsen.Harness.Runtime.Docker;

namespace ElectionJepsen.Harness.Tests.Runtime.Docker;

public class DockerReaperTests
{
    [Fact]
    public async Task A_dead_runs_paused_container_is_unpaused_before_it_is_removed_and_its_network_and_volume_after()
    {
        var api = new FakeDockerApi();
        api.Containers.Add(Container("c1", "dead01", "paused"));
        api.Containers.Add(Container("c2", "dead01", "running"));
        api.Networks.Add(new NetworkResponse { ID = "net1", Name = "ej-dead01", Labels = DockerLabels.OfRun("dead01") });
        api.Volumes.Add(new VolumeResponse { Name = "vol1", Labels = DockerLabels.OfRun("dead01") });

        var reaped = await DockerReaper.ReapAsync(api, includeLive: false, isAlive: _ => false);

        Assert.Equal(["unpause c1", "remove-container c1", "remove-container c2", "remove-network net1", "remove-volume vol1"], api.Calls);
        var run = Assert.Single(reaped);
        Assert.Equal("dead01", run.RunId);
        Assert.Equal(["ej-dead01-c1", "ej-dead01-c2"], run.Containers);
        Assert.Equal(["ej-dead01"], run.Networks);
        Assert.Equal(["vol1"], run.Volumes);
        Assert.Equal(1, run.Unpaused);
        Assert.Empty(api.Containers);
        Assert.Equal("2 containers (ej-dead01-c1, ej-dead01-c2, 1 of them unpaused first), 1 network (ej-dead01), 1 volume (vol1)", DockerReaper.Describe(run));
    }

    [Fact]
    public async Task A_live_runs_containers_are_left_alone_unless_everything_is_asked_for()
    {
        var api = new FakeDockerApi();
        api.Containers.Add(Container("c1", "live01", "paused"));
        api.Containers.Add(Container("c2", "dead01", "running"));

        var reaped = await DockerReaper.ReapAsync(api, includeLive: false, isAlive: run => run == "live01");

        Assert.Equal(["dead01"], reaped.Select(r => r.RunId));
        Assert.Equal(["remove-container c2"], api.Calls);
        Assert.Equal("c1", Assert.Single(api.Containers).ID);

        var all = await DockerReaper.ReapAsync(api, includeLive: true, isAlive: run => run == "live01");

        Assert.Equal(["live01"], all.Select(r => r.RunId));
        Assert.Empty(api.Containers);
    }

    [Fact]
    public async Task Containers_of_no_run_are_not_ours_to_remove()
    {
        var api = new FakeDockerApi();
        api.Containers.Add(new ContainerListResponse { ID = "theirs", State = "running", Labels = new Dictionary<string, string> { ["com.docker.compose.project"] = "app" } });

        var reaped = await DockerReaper.ReapAsync(api, includeLive: true, isAlive: _ => false);

        Assert.Empty(reaped);
        Assert.Empty(api.Calls);
    }

    private static ContainerListResponse Container(string id, string run, string state) =>
        new() { ID = id, Names = [$"/ej-{run}-{id}"], State = state, Labels = DockerLabels.OfNode(run, id, "server") };
}
