using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Run.Runtimes;

/// <summary>
/// What the hosts of a run are made of (<c>--runtime</c>): how the run's network and hosts are
/// made, and how our own candidate is started on them.
/// </summary>
public interface IRuntime : IDisposable
{
    string Name { get; }

    /// <summary>Makes the servers' and the candidates' hosts, one of them standing for <paramref name="outside"/> when given.</summary>
    Task<INetwork> CreateNetworkAsync(string runId, string runDirectory, IReadOnlyList<string> servers, IReadOnlyList<string> candidates, OutsideServer? outside, CancellationToken cancel);

    /// <summary>Our candidate's program, and the arguments that come before its options.</summary>
    (string File, IReadOnlyList<string> Arguments) OurCandidate { get; }

    /// <summary>How a candidate of the contract starts on the hosts.</summary>
    ContractStart ContractProgram(CandidateManifest manifest);
}

/// <summary>
/// How a candidate of the contract starts on the hosts: its program and arguments, the folder
/// it runs in, why its clock cannot be moved (null when it can), and whether the nemeses
/// signal its whole process tree (a program whose tree is not known to be one process).
/// </summary>
public sealed record ContractStart(string File, IReadOnlyList<string> Arguments, string WorkingDirectory, string? ClockUnreachable, bool WholeTree = false);

/// <summary>Hosts as network namespaces of this machine, programs from its own packages.</summary>
public sealed class LocalRuntime : IRuntime
{
    public static LocalRuntime Instance { get; } = new();

    private LocalRuntime()
    {
    }

    public string Name => RuntimeNames.Local;

    public (string File, IReadOnlyList<string> Arguments) OurCandidate { get; } = ("dotnet", [Path.Combine(AppContext.BaseDirectory, "ElectionJepsen.Candidate.dll")]);

    public async Task<INetwork> CreateNetworkAsync(string runId, string runDirectory, IReadOnlyList<string> servers, IReadOnlyList<string> candidates, OutsideServer? outside, CancellationToken cancel) =>
        await LocalNetwork.CreateAsync(runId, [.. servers, .. candidates], outside, cancel);

    public ContractStart ContractProgram(CandidateManifest manifest)
    {
        if (manifest.Image is not null) throw new InvalidOperationException($"{manifest.Image} is an image: it runs on the {RuntimeNames.Docker} runtime");
        var resolved = CandidateProgram.Resolve(manifest);
        return new ContractStart(resolved, [.. manifest.Run.Skip(1)], manifest.Directory, CandidateProgram.ClockUnreachable(resolved));
    }

    public void Dispose()
    {
    }
}
