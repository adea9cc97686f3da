using ElectionJepsen.Harness.Runtime.Docker;

namespace ElectionJepsen.Harness.Tests.Runtime.Docker;

public sealed partial class DockerDaemonTests
{
    [SkippableFact]
    public async Task The_servers_image_holds_the_server_of_every_backend_and_libfaketime()
    {
        using var engine = await EngineAsync();
        var images = await DockerImages.EnsureImagesAsync(engine, baseImage: null, _said, LogPath, CancellationToken.None);
        var container = await StartAsync(engine, images.Servers.Reference, "servers");
        try
        {
            foreach (var command in new[] { "redis-server --version", "etcd --version", "etcdctl version", "java -version", "/usr/lib/postgresql/15/bin/postgres --version", "ip -V", "ps --version" })
            {
                var result = await engine.Api.ExecAsync(container, command.Split(' '), CancellationToken.None);
                Assert.True(result.ExitCode == 0, $"{command} exited {result.ExitCode}: {result.Error}");
            }

            var files = await engine.Api.ExecAsync(container, ["ls", "/usr/share/java/zookeeper.jar", "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1", "/usr/lib/postgresql/15/bin/initdb"], CancellationToken.None);
            Assert.True(files.ExitCode == 0, files.Error);
            var clusters = await engine.Api.ExecAsync(container, ["ls", "/var/lib/postgresql/15"], CancellationToken.None);
            Assert.NotEqual(0, clusters.ExitCode);
        }
        finally
        {
            await ReapMineAsync(engine);
        }
    }

    [SkippableFact]
    public async Task The_candidate_image_runs_our_published_candidate()
    {
        using var engine = await EngineAsync();
        var images = await DockerImages.EnsureImagesAsync(engine, baseImage: null, _said, LogPath, CancellationToken.None);
        var container = await StartAsync(engine, images.Candidate.Reference, "candidate", entrypoint: ["sleep", "infinity"]);
        try
        {
            var help = await engine.Api.ExecAsync(container, [$"/opt/electionjepsen/candidate/{CandidatePublish.Program}", "--help"], CancellationToken.None);

            Assert.True(help.ExitCode == 0, $"the candidate exited {help.ExitCode}: {help.Error}");
            Assert.Contains("--backend", help.Out, StringComparison.Ordinal);
        }
        finally
        {
            await ReapMineAsync(engine);
        }
    }
}
