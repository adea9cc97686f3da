namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>
/// Where the images are built from: the repository the harness was built in, with its
/// <c>docker/</c> Dockerfiles and the candidate's project under <c>workloads/</c>.
/// </summary>
public sealed record DockerSources(string Repository)
{
    /// <summary>The file that marks the repository's top.</summary>
    public const string Marker = "ElectionJepsen.sln";

    public string ServersDockerfile => Path.Combine(Repository, "docker", "servers.Dockerfile");

    public string CandidateDockerfile => Path.Combine(Repository, "docker", "candidate.Dockerfile");

    /// <summary>The Dockerfile of a candidate of the contract's image (its folder, built, and its packages).</summary>
    public string ContractCandidateDockerfile => Path.Combine(Repository, "docker", "contract-candidate.Dockerfile");

    /// <summary>The candidate's project folder (<c>workloads/</c>; it references no other project of ours).</summary>
    public string CandidateFolder => Path.Combine(Repository, "workloads");

    public string CandidateProject => Path.Combine(CandidateFolder, "ElectionJepsen.Workloads.csproj");

    /// <summary>The files at the repository's top that every build of it reads.</summary>
    public IEnumerable<string> BuildSettings =>
        new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig" }
            .Select(f => Path.Combine(Repository, f)).Where(File.Exists);

    /// <summary>The repository above the harness's own files; exit 69 when the harness runs from elsewhere.</summary>
    public static DockerSources Locate() => Locate(AppContext.BaseDirectory);

    public static DockerSources Locate(string from)
    {
        for (var dir = new DirectoryInfo(from); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, Marker)) && Directory.Exists(Path.Combine(dir.FullName, "docker"))) return new DockerSources(dir.FullName);
        }

        throw new PrerequisiteException($"the images are built from the repository's docker/ folder, and no repository is above {from}: run the harness from its repository (dotnet run --project harness)");
    }

    /// <summary>
    /// The candidate's sources, as the inputs of its image: every file of its project folder but
    /// its build outputs (bin/, obj/), and the repository's build settings. Their digest decides
    /// whether the candidate is published and its image built again, so that an unchanged
    /// candidate costs no publish.
    /// </summary>
    public IReadOnlyList<InputFile> CandidateSources()
    {
        var outputs = new[] { "bin", "obj" }.Select(d => Path.Combine(CandidateFolder, d) + Path.DirectorySeparatorChar).ToList();
        return [.. Directory.EnumerateFiles(CandidateFolder, "*", SearchOption.AllDirectories)
            .Where(f => !outputs.Any(o => f.StartsWith(o, StringComparison.Ordinal)))
            .Concat(BuildSettings)
            .Select(f => InputFile.At(Path.GetRelativePath(Repository, f), f))];
    }
}
