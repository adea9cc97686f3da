using ElectionJepsen.Harness.Runtime.Docker;

namespace ElectionJepsen.Harness.Tests.Runtime.Docker;

public class DockerLabelsTests
{
    [Fact]
    public void A_runs_filter_asks_the_engine_for_its_run_label_with_the_value()
    {
        var filter = DockerLabels.RunFilter("ab12cd");

        var label = Assert.Single(filter);
        Assert.Equal("label", label.Key);
        Assert.Equal(new Dictionary<string, bool> { ["electionjepsen.run=ab12cd"] = true }, label.Value);
    }

    [Fact]
    public void The_filter_of_any_run_names_the_key_alone()
    {
        Assert.Equal(["electionjepsen.run"], DockerLabels.AnyRunFilter()["label"].Keys);
    }

    [Fact]
    public void An_images_filter_names_its_inputs_digest()
    {
        Assert.Equal(["electionjepsen.inputs=0123abcd"], DockerLabels.InputsFilter("0123abcd")["label"].Keys);
    }

    [Fact]
    public void A_nodes_labels_carry_its_run_host_and_role_and_are_read_back()
    {
        var labels = DockerLabels.OfNode("ab12cd", "n1", "server");

        Assert.Equal(new Dictionary<string, string> { ["electionjepsen.run"] = "ab12cd", ["electionjepsen.host"] = "n1", ["electionjepsen.role"] = "server" }, labels);
        Assert.Equal("ab12cd", DockerLabels.RunOf(labels));
        Assert.True(FakeDockerApi.Matches(DockerLabels.RunFilter("ab12cd"), labels));
        Assert.False(FakeDockerApi.Matches(DockerLabels.RunFilter("ffffff"), labels));
    }

    [Fact]
    public void Something_without_a_run_label_belongs_to_no_run()
    {
        Assert.Null(DockerLabels.RunOf(null));
        Assert.Null(DockerLabels.RunOf(new Dictionary<string, string> { ["com.docker.compose.project"] = "x" }));
        Assert.Null(DockerLabels.RunOf(new Dictionary<string, string> { [DockerLabels.Run] = string.Empty }));
    }

    [Fact]
    public void An_images_inputs_are_read_from_its_labels()
    {
        Assert.Equal("d1", DockerLabels.InputsOf(DockerLabels.OfImage("d1")));
        Assert.Null(DockerLabels.InputsOf(DockerLabels.OfRun("ab12cd")));
    }
}
