using ElectionJepsen.Harness.Runtime.Docker;

namespace ElectionJepsen.Harness.Tests.Runtime.Docker;

/// <summary>
/// The Docker daemon the docker tests need: docker.io installed where the harness may install,
/// as a run does; the daemon itself is started by <c>.ci/install</c>, which the README's test
/// command runs first. Where none answers the test is skipped with the way to start it.
/// </summary>
public static class DockerDaemon
{
    public static async Task<DockerEngine> EngineAsync()
    {
        await Packages.EnsureAsync(DockerEngine.Daemon);
        var engine = await DockerEngine.TryConnectAsync();
        Skip.If(engine is null, DockerEngine.NotAnswering("the Docker tests", DockerEngine.SystemdRuns()).Message + " (or run bash .ci/install)");
        return engine!;
    }
}
