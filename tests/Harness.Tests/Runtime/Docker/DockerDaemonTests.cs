using System.Diagnostics;
using Docker.DotNet.Models;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Runtime.Docker;
using ElectionJepsen.TestSupport;
using Xunit.Abstractions;

namespace ElectionJepsen.Harness.Tests.Runtime.Docker;

/// <summary>
/// Against the machine's Docker daemon (docker.io is installed where it may be, as a run
/// does; skipped where no daemon answers). The base image and the two images are made once
/// a machine (about 4 min here); afterwards these tests take seconds.
/// </summary>
[Trait("Category", "Docker")]
public sealed partial class DockerDaemonTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _run = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..6];

    /// <summary>What the harness said (what it built or made, and how long it took), shown with the test's output.</summary>
    private readonly StringWriter _said = new();

    public void Dispose()
    {
        output.WriteLine(_said.ToString());
        _said.Dispose();
        _dir.Dispose();
    }

    private string LogPath => Path.Combine(_dir.Path, "images.log");

    [SkippableFact]
    public async Task The_base_image_is_found_or_made_and_is_debian_bookworm()
    {
        using var engine = await EngineAsync();
        var basis = await BaseImage.EnsureAsync(engine.Api, chosen: null, _said, LogPath, CancellationToken.None);

        Assert.Equal(basis.Id, (await engine.Api.InspectImageAsync(basis.Reference, CancellationToken.None))?.ID);
        var container = await StartAsync(engine, basis.Reference, "base");
        try
        {
            var release = await engine.Api.ExecAsync(container, ["cat", "/etc/debian_version"], CancellationToken.None);
            Assert.Equal(0, release.ExitCode);
            Assert.StartsWith("12.", release.Out, StringComparison.Ordinal);
        }
        finally
        {
            await ReapMineAsync(engine);
        }
    }

    [SkippableFact]
    public async Task Both_images_are_built_once_and_found_again_without_a_build()
    {
        using var engine = await EngineAsync();
        var images = await DockerImages.EnsureImagesAsync(engine, baseImage: null, _said, LogPath, CancellationToken.None);

        using var second = new StringWriter();
        var took = Stopwatch.StartNew();
        var again = await DockerImages.EnsureImagesAsync(engine, baseImage: null, second, LogPath, CancellationToken.None);
        took.Stop();
        _said.WriteLine($"found both images again in {took.Elapsed.TotalMilliseconds:0} ms");

        Assert.Equal(images, again);
        Assert.Equal(string.Empty, second.ToString());
        foreach (var (image, repository) in new[] { (images.Servers, DockerImages.ServersRepository), (images.Candidate, DockerImages.CandidateRepository) })
        {
            var found = await engine.Api.InspectImageAsync($"{repository}:latest", CancellationToken.None);
            Assert.Equal(image.Id, found?.ID);
            Assert.Equal(image.Reference, $"{repository}:{DockerLabels.InputsOf(found!.Config.Labels)![..ImageInputs.TagLength]}");
            var listed = await engine.Api.ListImagesAsync(DockerLabels.InputsFilter(DockerLabels.InputsOf(found.Config.Labels)!), CancellationToken.None);
            Assert.Contains(image.Id, listed.Select(i => i.ID));
        }
    }

    [SkippableFact]
    public async Task A_build_that_fails_is_reported_in_the_engines_stream_and_raised_with_its_step()
    {
        using var engine = await EngineAsync();
        var basis = await BaseImage.EnsureAsync(engine.Api, chosen: null, _said, LogPath, CancellationToken.None);
        // Three instructions, four steps: the engine adds the build's labels as a last LABEL step.
        var dockerfile = _dir.File("failing.Dockerfile", "ARG BASE\nFROM ${BASE}\nRUN echo about to fail && false\n");
        var recipe = new ImageRecipe("electionjepsen/failing-test", dockerfile, [], basis, (_, _, _) => Task.FromResult<IReadOnlyList<InputFile>>([]));

        var e = await Assert.ThrowsAsync<PrerequisiteException>(() => ImageBuilder.EnsureAsync(engine.Api, recipe, TextWriter.Null, LogPath, CancellationToken.None));

        Assert.Contains("failed at Step 3/4 : RUN echo about to fail && false: The command '/bin/sh -c echo about to fail && false' returned a non-zero code: 1", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("its last lines: Step 1/4 : ARG BASE | Step 2/4 : FROM ${BASE} | Step 3/4 : RUN echo about to fail && false | about to fail; the whole output is in " + LogPath, e.Message, StringComparison.Ordinal);
        Assert.Null(await engine.Api.InspectImageAsync(recipe.Tag, CancellationToken.None));
    }

    [SkippableFact]
    public async Task A_paused_container_and_the_network_of_a_dead_run_are_removed_by_the_reaper()
    {
        using var engine = await EngineAsync();
        var basis = await BaseImage.EnsureAsync(engine.Api, chosen: null, _said, LogPath, CancellationToken.None);
        var network = await engine.Api.CreateNetworkAsync(new NetworksCreateParameters { Name = $"ej-{_run}", Internal = true, Labels = DockerLabels.OfRun(_run) }, CancellationToken.None);
        var container = await StartAsync(engine, basis.Reference, "n1", $"ej-{_run}");
        await engine.Api.PauseContainerAsync(container, CancellationToken.None);

        var reaped = await DockerReaper.ReapAsync(engine.Api, includeLive: false, isAlive: run => run != _run);

        var mine = Assert.Single(reaped, r => r.RunId == _run);
        Assert.Equal([$"ej-{_run}-n1"], mine.Containers);
        Assert.Equal([$"ej-{_run}"], mine.Networks);
        Assert.Equal(1, mine.Unpaused);
        Assert.Empty(await engine.Api.ListContainersAsync(DockerLabels.RunFilter(_run), CancellationToken.None));
        Assert.DoesNotContain(await engine.Api.ListNetworksAsync(DockerLabels.AnyRunFilter(), CancellationToken.None), n => n.ID == network);
    }

    /// <summary>The daemon, or the test skipped saying how to start it.</summary>
    private static Task<DockerEngine> EngineAsync() => DockerDaemon.EngineAsync();

    /// <summary>A container of this test's run that sleeps, started, optionally on a network.</summary>
    private async Task<string> StartAsync(DockerEngine engine, string image, string host, string? network = null, IList<string>? entrypoint = null)
    {
        var id = await engine.Api.CreateContainerAsync(
            new CreateContainerParameters
            {
                Name = $"ej-{_run}-{host}",
                Image = image,
                Entrypoint = entrypoint ?? ["sleep", "infinity"],
                Labels = DockerLabels.OfNode(_run, host, "test"),
                HostConfig = new HostConfig { NetworkMode = network ?? "none" },
            },
            CancellationToken.None);
        await engine.Api.StartContainerAsync(id, CancellationToken.None);
        return id;
    }

    /// <summary>Removes what this test made, whatever happened.</summary>
    private Task ReapMineAsync(DockerEngine engine) => DockerReaper.ReapAsync(engine.Api, includeLive: false, isAlive: run => run != _run);
}
