using ElectionJepsen.Harness.Runtime.Docker;
using ElectionJepsen.Harness.Tests.Runtime.Docker;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Verbs;

/// <summary><c>images</c>: the docker images found or built, before a <c>docker-compose up</c>.</summary>
public sealed class ImagesCommandTests : IDisposable
{
    private readonly TempDir _store = new();

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Images_help_names_both_images_and_shows_what_to_run_next()
    {
        var run = await HarnessRun.InProcessAsync("images", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(DockerImages.ServersRepository, run.Out, StringComparison.Ordinal);
        Assert.Contains(DockerImages.CandidateRepository, run.Out, StringComparison.Ordinal);
        Assert.Contains("then: docker-compose up -d --scale candidate=5", run.Out, StringComparison.Ordinal);
        Assert.Contains("--base-image", run.Out, StringComparison.Ordinal);
    }

    [SkippableFact]
    [Trait("Category", "Docker")]
    public async Task Images_leaves_both_latest_tags_on_the_images_it_names_and_says_how_long_it_took()
    {
        using var engine = await DockerDaemon.EngineAsync();

        var run = await HarnessRun.InProcessAsync("images", "--store", _store.Path);

        Assert.Equal(0, run.ExitCode);
        foreach (var repository in new[] { DockerImages.ServersRepository, DockerImages.CandidateRepository })
        {
            var line = Assert.Single(run.Out.Split('\n'), l => l.StartsWith(ImageRecipe.LatestOf(repository) + ": ", StringComparison.Ordinal));
            var named = line.Split(' ')[1];
            Assert.Equal((await engine.Api.InspectImageAsync(named, CancellationToken.None))?.ID, (await engine.Api.InspectImageAsync(ImageRecipe.LatestOf(repository), CancellationToken.None))?.ID);
        }

        Assert.Matches(@"images: ready in [0-9.]+ s on Docker engine", run.Out);
        Assert.Equal(string.Empty, run.Error);
    }
}
