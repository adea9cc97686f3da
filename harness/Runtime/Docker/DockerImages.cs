namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>
/// The images of the docker runtime, built from the repository's <c>docker/</c> Dockerfiles on
/// the base <see cref="BaseImage"/> chooses: <c>electionjepsen/servers</c> (the Debian packages
/// of every backend) and <c>electionjepsen/candidate</c> (our candidate, published
/// self-contained). Each is tagged with its inputs' digest and <c>:latest</c>, and built again
/// only when no image has its digest.
/// </summary>
public static class DockerImages
{
    public const string ServersRepository = "electionjepsen/servers";

    public const string CandidateRepository = "electionjepsen/candidate";

    /// <summary>The folder of the candidate image's context that holds the published candidate.</summary>
    public const string CandidateFolder = "candidate";

    /// <summary>
    /// The base, the servers' image and the candidate's image, each found or built.
    /// <paramref name="baseImage"/> is the user's base, or null for the default; what is built
    /// is said on <paramref name="progress"/>, and the full output of builds goes to
    /// <paramref name="logPath"/>.
    /// </summary>
    public static Task<DockerImageSet> EnsureImagesAsync(DockerEngine engine, string? baseImage, TextWriter progress, string logPath, CancellationToken cancel) =>
        EnsureImagesAsync(engine, DockerSources.Locate(), baseImage, progress, logPath, cancel);

    public static async Task<DockerImageSet> EnsureImagesAsync(DockerEngine engine, DockerSources sources, string? baseImage, TextWriter progress, string logPath, CancellationToken cancel)
    {
        var basis = await BaseImage.EnsureAsync(engine.Api, baseImage, progress, logPath, cancel);
        var servers = await ImageBuilder.EnsureAsync(engine.Api, Servers(sources, basis), progress, logPath, cancel);
        var candidate = await ImageBuilder.EnsureAsync(engine.Api, Candidate(sources, basis, logPath), progress, logPath, cancel);
        return new DockerImageSet(basis, servers, candidate);
    }

    /// <summary>The servers' image: its context is its Dockerfile alone.</summary>
    public static ImageRecipe Servers(DockerSources sources, DockerImage basis) =>
        new(ServersRepository, sources.ServersDockerfile, [], basis, (_, _, _) => Task.FromResult<IReadOnlyList<InputFile>>([]));

    /// <summary>
    /// The candidate's image: its inputs are the candidate's sources (a publish is made only to
    /// build the image), its context the published candidate under <see cref="CandidateFolder"/>.
    /// </summary>
    public static ImageRecipe Candidate(DockerSources sources, DockerImage basis, string logPath) =>
        new(CandidateRepository, sources.CandidateDockerfile, sources.CandidateSources(), basis, async (scratch, log, cancel) =>
        {
            var output = Path.Combine(scratch, CandidateFolder);
            await CandidatePublish.PublishAsync(sources, output, Path.Combine(scratch, "artifacts"), log, logPath, cancel);

            return [.. Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)
                .Select(f => InputFile.At($"{CandidateFolder}/{Path.GetRelativePath(output, f)}", f))];
        });
}
