using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.Harness.Runtime.Docker;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Run.Runtimes;

/// <summary>
/// The image of a candidate of the contract (<c>--candidate DIR</c> on the docker runtime): the
/// folder as its own <c>build</c> left it on this machine, copied to <see cref="Folder"/>, with
/// the Debian packages its candidate.json names. Built again when a file of the folder, its
/// packages or the base change.
/// </summary>
public static class ContractImage
{
    /// <summary>Where the folder is in the image, and where its program runs.</summary>
    public const string Folder = "/opt/electionjepsen/candidate";

    /// <summary>The build argument of the packages.</summary>
    public const string PackagesArgument = "PACKAGES";

    /// <summary>What a program run by <c>dotnet</c> needs of the image besides the runtime, which comes from this machine (Debian has no .NET package).</summary>
    private static readonly string[] DotnetNeeds = ["libicu72", "libssl3"];

    public static string Repository(CandidateManifest m) => $"electionjepsen/candidate-{m.Slug}";

    public static ImageRecipe Recipe(DockerSources sources, DockerImage basis, CandidateManifest m)
    {
        var files = Directory.EnumerateFiles(m.Directory, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => InputFile.At($"candidate/{Path.GetRelativePath(m.Directory, f)}", f))
            .ToList();
        var packages = m.Packages.Concat(RunsOnDotnet(m) ? DotnetNeeds : []).Distinct(StringComparer.Ordinal);
        return new ImageRecipe(Repository(m), sources.ContractCandidateDockerfile, files, basis, (_, _, _) => Task.FromResult<IReadOnlyList<InputFile>>(files))
        {
            Arguments = new Dictionary<string, string> { [PackagesArgument] = string.Join(' ', packages) },
        };
    }

    /// <summary>Whether the folder's program is run by <c>dotnet</c>, whose runtime the container takes from this machine.</summary>
    public static bool RunsOnDotnet(CandidateManifest m) => m.Run[0] == "dotnet";

    /// <summary>
    /// The program in the image: one with a '/' is in the folder, relative to it; <c>dotnet</c>
    /// is this machine's, mounted at its own path; any other is found on the image's PATH.
    /// </summary>
    public static string Program(CandidateManifest m, string resolved) =>
        RunsOnDotnet(m) ? RealPath(resolved)
        : m.Run[0].Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(m.Run[0]) ? $"{Folder}/{m.Run[0].TrimStart('.', '/')}"
        : m.Run[0];

    /// <summary>The folder of this machine's .NET, mounted read-only into the candidate's containers when its program runs on it.</summary>
    public static string? DotnetRoot(CandidateManifest m, string resolved) => RunsOnDotnet(m) ? Path.GetDirectoryName(RealPath(resolved)) : null;

    /// <summary>The file a path names, its links followed (the dotnet on PATH is a link into its own folder).</summary>
    private static string RealPath(string path) => new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
}
