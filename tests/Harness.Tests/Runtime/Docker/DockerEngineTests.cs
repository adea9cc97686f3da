using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Runtime.Docker;

namespace ElectionJepsen.Harness.Tests.Runtime.Docker;

public class DockerEngineTests
{
    [Theory]
    [InlineData("1.41", "1.41")]
    [InlineData("1.47", "1.41")]
    [InlineData("1.40", "1.40")]
    [InlineData("1.25", "1.25")]
    [InlineData(null, "1.41")]
    [InlineData("garbage", "1.41")]
    public void The_client_speaks_the_older_of_the_engines_api_and_the_librarys(string? server, string pinned)
    {
        Assert.Equal(Version.Parse(pinned), DockerEngine.Pin(server));
    }

    [Fact]
    public void A_daemon_that_does_not_answer_is_an_error_saying_how_to_start_it_with_systemd_or_without()
    {
        Assert.Equal(
            "run needs the Docker daemon, and none answers at /var/run/docker.sock: start it with sudo systemctl start docker",
            DockerEngine.NotAnswering("run", systemd: true).Message);
        Assert.Equal(
            "run needs the Docker daemon, and none answers at /var/run/docker.sock: start it with sudo sh -c 'dockerd > /var/log/dockerd.log 2>&1 &'",
            DockerEngine.NotAnswering("run", systemd: false).Message);
    }

    [Fact]
    public void Docker_missing_where_it_cannot_be_installed_is_an_error_with_the_apt_command()
    {
        Assert.Equal("run needs dockerd: install with sudo apt-get install -y docker.io", Prerequisites.Missing("run", [DockerEngine.Daemon]).Message);
    }

    [Fact]
    public void The_engine_is_described_by_its_version_and_the_api_spoken()
    {
        using var engine = new DockerEngine(new FakeDockerApi(), new Version(1, 41), "20.10.24+dfsg1");

        Assert.Equal("Docker engine 20.10.24+dfsg1 (API 1.41)", engine.Describe());
    }
}
