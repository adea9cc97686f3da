using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Run.Runtimes;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Reports.Store;
using ElectionJepsen.Workloads.Candidate;

namespace ElectionJepsen.Harness.Run;

/// <summary>The candidates: each started on its host with what it is told, then waited for until it connects.</summary>
public sealed partial class RunVerb
{
    private async Task StartCandidatesAsync(List<ClusterNode> nodes, IRuntime runtime, INetwork network, string runId, RunStore store, IReadOnlyList<string> names, IReadOnlyList<Host> servers, CancellationToken cancel)
    {
        var (program, before) = runtime.OurCandidate;
        var candidates = names.Select(n => network[n]).ToList();
        foreach (var name in names)
        {
            var clock = FakeClock.WithOffset(StoreLayout.Clock(store.Directory, $"{name}-candidate"));
            var told = Candidate(options, backend, runId, name, store.ControlSocket, StoreLayout.Node(store.Directory, name, "data"), servers, candidates);
            var process = new HostProcess(network[name], runId, "candidate", program, [.. before, .. CandidateCommandLine.Arguments(told)], store.Directory, clock.Environment());
            nodes.Add(new ClusterNode(process, NodeRole.Candidate, clock));
            await process.StartAsync(cancel);
        }
    }

    /// <summary>What the candidate <paramref name="name"/> of a run of <paramref name="options"/> is told: the backend's servers or the peers, the timings, its control socket and its own disk.</summary>
    internal static CandidateOptions Candidate(
        RunOptions options, IBackend backend, string runId, string name, string controlSocket, string dataDirectory, IReadOnlyList<Host> servers, IReadOnlyList<Host> candidates)
    {
        var told = new CandidateOptions(
            name, backend.Name, controlSocket, backend.Endpoints(servers).Split(',', StringSplitOptions.RemoveEmptyEntries),
            options.Ttl, options.WriteInterval, options.JobInterval, options.Ttl / 5)
        {
            Peers = backend.Peers(candidates) ?? string.Empty,
            DataDirectory = dataDirectory,
            RenewDeadline = options.ElectorRenewDeadline,
            RetryPeriod = options.ElectorRetryPeriod,
        };
        return backend.Candidate(told, runId);
    }

    private static async Task WaitForCandidatesAsync(IEnumerable<CandidateSession> sessions, List<ClusterNode> nodes, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!sessions.All(s => s.Connected))
        {
            cancel.ThrowIfCancellationRequested();
            var dead = nodes.FirstOrDefault(n => n.Role == NodeRole.Candidate && !n.Process.IsRunning);
            if (dead is not null) throw new NotReadyException($"{dead} exited before it connected; see {dead.Process.LogPath}");
            if (DateTime.UtcNow > deadline)
            {
                throw new NotReadyException($"candidates {string.Join(", ", sessions.Where(s => !s.Connected).Select(s => s.Node))} did not connect within 30 s; see their {StoreLayout.NodesFolder}/*/candidate.log");
            }

            await Task.Delay(100, cancel);
        }
    }
}
