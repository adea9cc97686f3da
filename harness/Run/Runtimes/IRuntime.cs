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

    /// <summary>A candidate of the contract's program on the hosts, and the folder it runs in; <paramref name="resolved"/> is its program on this machine.</summary>
    (string File, string WorkingDirectory) ContractProgram(CandidateManifest manifest, string resolved);
}

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

    public (string File, string WorkingDirectory) ContractProgram(CandidateManifest manifest, string resolved) => (resolved, manifest.Directory);

    public void Dispose()
    {
    }
}
