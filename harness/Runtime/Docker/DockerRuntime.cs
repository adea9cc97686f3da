namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>
/// Hosts as containers of the Docker engine on this machine: the servers' hosts run the
/// servers' image, the candidates' hosts our candidate's image, both built by the harness
/// (<see cref="DockerImages"/>). The run's folder and the cache of the clock's preload shims
/// are mounted into every program's container at their own paths.
/// </summary>
public sealed class DockerRuntime(DockerEngine engine, DockerImageSet images) : IRuntime
{
    /// <summary>Where our candidate is in its image (docker/candidate.Dockerfile copies it there).</summary>
    public const string CandidateProgram = "/opt/electionjepsen/candidate/ElectionJepsen.Candidate";

    public string Name => RuntimeNames.Docker;

    public DockerImageSet Images { get; } = images;

    public (string File, IReadOnlyList<string> Arguments) OurCandidate { get; } = (CandidateProgram, []);

    /// <summary>The engine (installed and answering, or exit 69) and the images (found or built, saying so).</summary>
    public static async Task<DockerRuntime> PrepareAsync(string verb, string? baseImage, TextWriter say, string logPath, CancellationToken cancel)
    {
        var engine = await DockerEngine.ConnectAsync(verb, say, cancel: cancel);
        try
        {
            var images = await DockerImages.EnsureImagesAsync(engine, baseImage, say, logPath, cancel);
            return new DockerRuntime(engine, images);
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    public async Task<INetwork> CreateNetworkAsync(string runId, string runDirectory, IReadOnlyList<string> servers, IReadOnlyList<string> candidates, OutsideServer? outside, CancellationToken cancel)
    {
        if (outside is not null) throw new NotSupportedException($"the {Name} runtime has no host standing for a server outside the run");
        Directory.CreateDirectory(PreloadShim.CacheDirectory);
        var binds = new[] { $"{Path.GetFullPath(runDirectory)}:{Path.GetFullPath(runDirectory)}", $"{PreloadShim.CacheDirectory}:{PreloadShim.CacheDirectory}:ro" };
        var hosts = servers.Select(s => new DockerHost(s, Images.Servers.Reference)).Concat(candidates.Select(c => new DockerHost(c, Images.Candidate.Reference))).ToList();
        return await DockerNetwork.CreateAsync(engine, runId, hosts, Images.Servers.Reference, binds, cancel);
    }

    public void Dispose() => engine.Dispose();
}
