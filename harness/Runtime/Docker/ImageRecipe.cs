namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>
/// How one image of ours is built: its repository (the tags are <c>:&lt;digest's first 12&gt;</c>
/// and <c>:latest</c>), its Dockerfile, the files whose digest decides whether to build it,
/// its base and build arguments, and the files of its build context besides the Dockerfile,
/// made in a scratch folder when (and only when) it is built (what making them says goes to the
/// build's log).
/// </summary>
public sealed record ImageRecipe(
    string Repository,
    string Dockerfile,
    IReadOnlyList<InputFile> Inputs,
    DockerImage Base,
    Func<string, TextWriter, CancellationToken, Task<IReadOnlyList<InputFile>>> Context)
{
    /// <summary>The build argument that names the base image (<c>ARG BASE</c>, <c>FROM ${BASE}</c>).</summary>
    public const string BaseArgument = "BASE";

    /// <summary>
    /// The network of the build's RUN steps: the engine's default bridge. Measured here (engine
    /// 20.10, no registry reachable but Debian's archive): apt-get update and install reach the
    /// archive from the bridge (the servers image fetched 245 MB that way), so the build needs
    /// neither host networking nor a network of ours.
    /// </summary>
    public const string? BuildNetwork = null;

    private string? _digest;

    /// <summary>Build arguments besides the base's.</summary>
    public IReadOnlyDictionary<string, string> Arguments { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> BuildArgs => new Dictionary<string, string>(Arguments) { [BaseArgument] = Base.Reference };

    /// <summary>The digest of the inputs (read once: it reads every input file).</summary>
    public string Digest => _digest ??= ImageInputs.Digest(Dockerfile, Inputs, Base.Id, BuildArgs);

    /// <summary>The tag of this digest's image (<c>repository:sha12</c>).</summary>
    public string Tag => $"{Repository}:{ImageInputs.Tag(Digest)}";

    public string Latest => LatestOf(Repository);

    /// <summary>The tag that names a repository's newest build, whatever its inputs.</summary>
    public static string LatestOf(string repository) => $"{repository}:latest";
}

/// <summary>An image: its id, and the reference it is used by (a tag).</summary>
public sealed record DockerImage(string Id, string Reference);

/// <summary>The images of the docker runtime: the base both are built on, the servers and our candidate.</summary>
public sealed record DockerImageSet(DockerImage Base, DockerImage Servers, DockerImage Candidate);
