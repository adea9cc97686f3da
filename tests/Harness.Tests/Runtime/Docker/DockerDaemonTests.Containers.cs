using Docker.DotNet.Models;
using ElectionJepsen.Harness.Runtime.Docker;

namespace ElectionJepsen.Harness.Tests.Runtime.Docker;

public sealed partial class DockerDaemonTests
{
    [SkippableFact]
    public async Task A_containers_state_output_and_kill_and_its_networks_subnet_are_read_through_the_api()
    {
        using var engine = await EngineAsync();
        var basis = await BaseImage.EnsureAsync(engine.Api, chosen: null, _said, LogPath, CancellationToken.None);
        var network = await engine.Api.CreateNetworkAsync(new NetworksCreateParameters { Name = $"ej-{_run}", Internal = true, Labels = DockerLabels.OfRun(_run) }, CancellationToken.None);
        try
        {
            var container = await StartAsync(engine, basis.Reference, "n1", $"ej-{_run}", ["sh", "-c", "echo to-stdout; echo to-stderr >&2; exec sleep infinity"]);
            var running = await engine.Api.InspectContainerAsync(container, CancellationToken.None);
            var subnet = (await engine.Api.InspectNetworkAsync(network, CancellationToken.None)).IPAM.Config[0].Subnet;

            Assert.True(running.State.Running);
            Assert.True(running.State.Pid > 0);
            Assert.Matches(@"^\d+\.\d+\.\d+\.\d+/\d+$", subnet);
            Assert.Equal(("to-stdout\n", "to-stderr\n"), await OutputAsync(engine, container));

            await engine.Api.KillContainerAsync(container, "SIGKILL", CancellationToken.None);
            var killed = await engine.Api.InspectContainerAsync(container, CancellationToken.None);
            for (var i = 0; i < 50 && killed.State.Running; i++)
            {
                await Task.Delay(100);
                killed = await engine.Api.InspectContainerAsync(container, CancellationToken.None);
            }

            Assert.False(killed.State.Running);
            Assert.Equal(137, killed.State.ExitCode);
        }
        finally
        {
            await ReapMineAsync(engine);
        }
    }

    /// <summary>What the container wrote so far, stdout and stderr apart, once both are there (within 5 s).</summary>
    private static async Task<(string Out, string Error)> OutputAsync(DockerEngine engine, string container)
    {
        var (stdout, stderr) = (string.Empty, string.Empty);
        for (var i = 0; i < 50 && (stdout.Length == 0 || stderr.Length == 0); i++)
        {
            using var logs = await engine.Api.ContainerLogsAsync(container, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true, Follow = false }, CancellationToken.None);
            (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
            if (stdout.Length == 0 || stderr.Length == 0) await Task.Delay(100);
        }

        return (stdout, stderr);
    }
}
