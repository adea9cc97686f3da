using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.Harness.Runtime.Docker;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Run.Runtimes;

/// <summary>
/// Hosts as containers of the Docker engine on this machine: the servers' hosts run the
/// servers' image, the candidates' hosts our candidate's image, both built by the harness
/// (<see cref="DockerImages"/>), or a candidate of the contract's image: its folder's, built by
/// the harness, or the user's own (<c>--candidate-image</c>). The run's folder and the cache of
/// the clock's preload shims are mounted into every program's container at their own paths.
/// </summary>
public sealed class DockerRuntime(DockerEngine engine, DockerImageSet images, CandidateManifest? contract = null, DockerImage? contractImage = null, UserImage? userImage = null) : IRuntime
{
    /// <summary>Where our candidate is in its image (docker/candidate.Dockerfile copies it there).</summary>
    public const string CandidateEntry = "/opt/electionjepsen/candidate/ElectionJepsen.Candidate";

    public string Name => RuntimeNames.Docker;

    public DockerImageSet Images { get; } = images;

    public (string File, IReadOnlyList<string> Arguments) OurCandidate { get; } = (CandidateEntry, []);

    /// <summary>
    /// The engine (installed and answering, or exit 69) and the images (found or built, saying
    /// so): ours, and the image of <paramref name="contract"/>'s folder when a candidate of the
    /// contract runs (its folder already built on this machine).
    /// </summary>
    public static async Task<DockerRuntime> PrepareAsync(string verb, string? baseImage, CandidateManifest? contract, TextWriter say, string logPath, CancellationToken cancel)
    {
        var engine = await DockerEngine.ConnectAsync(verb, say, cancel: cancel);
        try
        {
            // A user's image is looked for first: one that is not there stops the run before ours are built.
            var user = contract?.Image is { } image ? await UserImage.FindAsync(engine.Api, image, logPath, cancel) : null;
            var sources = DockerSources.Locate();
            var images = await DockerImages.EnsureImagesAsync(engine, sources, baseImage, say, logPath, cancel);
            if (user is not null) return new DockerRuntime(engine, images, contract, userImage: user);
            var contractImage = contract is null ? null : await ImageBuilder.EnsureAsync(engine.Api, ContractImage.Recipe(sources, images.Base, contract), say, logPath, cancel);
            return new DockerRuntime(engine, images, contract, contractImage);
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
        var binds = new List<string> { $"{Path.GetFullPath(runDirectory)}:{Path.GetFullPath(runDirectory)}", $"{PreloadShim.CacheDirectory}:{PreloadShim.CacheDirectory}:ro" };
        if (contract is { Image: null } && ContractImage.DotnetRoot(contract, ProgramOf(contract)) is { } dotnet) binds.Add($"{dotnet}:{dotnet}:ro");
        var candidateImage = userImage?.Reference ?? (contractImage ?? Images.Candidate).Reference;
        var hosts = servers.Select(s => new DockerHost(s, Images.Servers.Reference)).Concat(candidates.Select(c => new DockerHost(c, candidateImage))).ToList();
        return await DockerNetwork.CreateAsync(engine, runId, hosts, Images.Servers.Reference, binds, cancel);
    }

    public ContractStart ContractProgram(CandidateManifest manifest)
    {
        // A user's image: its own command, its process tree unknown to us, its clock out of reach.
        if (userImage is not null) return new ContractStart(userImage.Command[0], [.. userImage.Command.Skip(1)], userImage.WorkingDirectory, CandidateManifest.ImageClock, WholeTree: true);
        var resolved = ProgramOf(manifest);
        return new ContractStart(ContractImage.Program(manifest, resolved), [.. manifest.Run.Skip(1)], ContractImage.Folder, CandidateProgram.ClockUnreachable(resolved));
    }

    /// <summary>The folder's program on this machine, found once for the mount of .NET and the start.</summary>
    private string ProgramOf(CandidateManifest manifest) => _program ??= CandidateProgram.Resolve(manifest);

    private string? _program;

    public void Dispose() => engine.Dispose();
}
