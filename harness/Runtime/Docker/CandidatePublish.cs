namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>
/// Publishes our candidate self-contained for linux-x64 (Debian has no .NET runtime package),
/// for the candidate image's context. Its intermediate files go to a folder of their own, so
/// the publish leaves the repository's bin/ and obj/ as they were.
/// </summary>
public static class CandidatePublish
{
    public const string RuntimeIdentifier = "linux-x64";

    /// <summary>The program's name in the published folder.</summary>
    public const string Program = "ElectionJepsen.Candidate";

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>Publishes into <paramref name="output"/>, writing dotnet's output to the log; exit 69 when it fails.</summary>
    public static async Task PublishAsync(DockerSources sources, string output, string scratch, TextWriter log, string logPath, CancellationToken cancel)
    {
        var dotnet = DotnetHost();
        string[] args = ["publish", sources.CandidateProject, "-c", "Release", "-r", RuntimeIdentifier, "--self-contained", "-o", output, "--artifacts-path", scratch, "-nologo"];
        await log.WriteLineAsync($"== {Exec.Describe(dotnet, args)}");
        var result = await Exec.RunAsync(dotnet, args, timeout: Timeout, cancel: cancel);
        await log.WriteLineAsync(result.Out);
        await log.WriteLineAsync(result.Error);
        if (!result.Ok || !File.Exists(Path.Combine(output, Program)))
        {
            var last = (result.Out + result.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(EngineProgress.Kept);
            throw new PrerequisiteException($"publishing the candidate for its image failed (dotnet exited {result.ExitCode}): {string.Join(" | ", last)}; the whole output is in {logPath}");
        }
    }

    /// <summary>The dotnet host this harness runs on (dotnet run), else the one on PATH.</summary>
    private static string DotnetHost()
    {
        var self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet") return self;
        return Requirement.FindProgram("dotnet") ?? throw new PrerequisiteException("the candidate image needs the .NET SDK to publish the candidate, and no dotnet is on PATH");
    }
}
