using System.Diagnostics;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Runtime.Docker;

namespace ElectionJepsen.Harness.Tests.Runtime.Docker;

/// <summary>
/// The Docker daemon the docker tests need, set up as the tests set up everything: docker.io
/// installed where the harness may install, and, as root where none answers, dockerd started
/// in the background (its log in /var/log/dockerd.log) and left running, as an installed
/// service is. Elsewhere the test is skipped with the way to start it.
/// </summary>
public static class DockerDaemon
{
    private static readonly SemaphoreSlim Starting = new(1, 1);

    /// <summary>Why the daemon could not be had, once a start was tried and failed: every later test skips at once.</summary>
    private static string? _failed;

    public static async Task<DockerEngine> EngineAsync()
    {
        await Packages.EnsureAsync(DockerEngine.Daemon);
        if (await DockerEngine.TryConnectAsync() is { } engine) return engine;
        await Starting.WaitAsync();
        try
        {
            Skip.If(_failed is not null, _failed);
            if (await DockerEngine.TryConnectAsync() is { } started) return started;
            Skip.IfNot(Prerequisites.IsRoot && !DockerEngine.SystemdRuns(), DockerEngine.NotAnswering("the Docker tests", DockerEngine.SystemdRuns()).Message);
            using (Process.Start(new ProcessStartInfo("setsid", ["sh", "-c", "dockerd > /var/log/dockerd.log 2>&1 &"]) { UseShellExecute = false })!)
            {
            }

            for (var i = 0; i < 60; i++)
            {
                await Task.Delay(500);
                if (await DockerEngine.TryConnectAsync() is { } answering) return answering;
            }

            _failed = "dockerd was started but did not answer within 30 s; see /var/log/dockerd.log";
            Skip.If(true, _failed);
            throw new InvalidOperationException("unreachable");
        }
        finally
        {
            Starting.Release();
        }
    }
}
