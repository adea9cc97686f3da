using System.CommandLine;
using System.Diagnostics;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.Harness.Run.Compose;
using ElectionJepsen.Harness.Runtime.Docker;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Harness.Verbs.Images;

/// <summary>
/// The <c>images</c> verb: finds or builds the docker runtime's images (the base, the servers',
/// our candidate's), saying what it built and how long it took. What a person runs before
/// <c>docker-compose up</c>: the compose file names these images, and <c>docker-compose build</c>
/// cannot make them (the candidate's image holds the harness's publish of it).
/// </summary>
public static class ImagesCommand
{
    public const string Name = "images";

    public static Command Build(TextWriter stdout)
    {
        var options = new RunOptionSet();
        var command = new Command(Name, $"""
            Find or build the images of the docker runtime and of the repository's {ComposeFile.FileName}:
            {DockerImages.ServersRepository} (the servers of every backend) and
            {DockerImages.CandidateRepository} (our candidate), on a Debian bookworm base that is made
            once from Debian's archive where no registry can be reached. An image is built again
            only when its inputs changed. The output of builds goes to STORE/{StoreLayout.ImagesLog}.

            Examples:
              images                                         then: docker-compose up -d --scale candidate=5
              images --base-image debian:bookworm-slim       build on a base of your own
            """)
        {
            options.BaseImage, options.Store,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var took = Stopwatch.StartNew();
            var log = Path.GetFullPath(Path.Combine(parse.GetValue(options.Store)!, StoreLayout.ImagesLog));
            using var engine = await DockerEngine.ConnectAsync(Name, stdout, cancel: cancel);
            var before = await LatestAsync(engine, cancel);
            var images = await DockerImages.EnsureImagesAsync(engine, parse.GetValue(options.BaseImage), stdout, log, cancel);
            var after = await LatestAsync(engine, cancel);
            foreach (var (repository, image) in new[] { (DockerImages.ServersRepository, images.Servers), (DockerImages.CandidateRepository, images.Candidate) })
            {
                var built = before[repository] != after[repository];
                await stdout.WriteLineAsync($"{ImageRecipe.LatestOf(repository)}: {image.Reference} ({(built ? "built now" : "found, its inputs unchanged")})");
            }

            await stdout.WriteLineAsync($"images: ready in {took.Elapsed.TotalSeconds:0.#} s on {engine.Describe()}, on the base {images.Base.Reference}; now docker-compose up -d --scale {ComposeFile.CandidateService}=5");
            return 0;
        });
        return command;
    }

    /// <summary>The id each repository's <c>:latest</c> names now, or null.</summary>
    private static async Task<Dictionary<string, string?>> LatestAsync(DockerEngine engine, CancellationToken cancel)
    {
        var ids = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var repository in new[] { DockerImages.ServersRepository, DockerImages.CandidateRepository })
        {
            ids[repository] = (await engine.Api.InspectImageAsync(ImageRecipe.LatestOf(repository), cancel))?.ID;
        }

        return ids;
    }
}
