using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Run.Contract;
using ElectionJepsen.Harness.Run.Runtimes;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Reports.Store;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Run;

/// <summary>
/// A candidate of the contract (<c>--candidate DIR</c>, docs/candidate.md): its program started
/// on every candidate host with the contract's environment, its ledger served and its status
/// asked through each host's own loopback, its program supervised.
/// </summary>
public sealed partial class RunVerb
{
    /// <summary>What a run of a contract candidate holds until it stops.</summary>
    private sealed class ContractCandidates(IReadOnlyList<NamespaceThread> threads, IReadOnlyList<ContractSession> sessions) : IAsyncDisposable
    {
        public IReadOnlyList<ContractSession> Sessions => sessions;

        public LedgerServer? Ledger { get; set; }

        public CandidateSupervisor? Supervisor { get; set; }

        /// <summary>
        /// Follows <paramref name="node"/>'s host into its new network namespace (its container
        /// was started again): the status client's thread enters it, and the ledger listens there.
        /// </summary>
        public async Task FollowAsync(string node, CancellationToken cancel)
        {
            var i = sessions.Select(s => s.Node).ToList().IndexOf(node);
            if (i < 0) return;
            await threads[i].ReenterAsync();
            if (Ledger is not null) await Ledger.ListenAgainAsync(node, threads[i], cancel);
        }

        public async ValueTask DisposeAsync()
        {
            if (Ledger is not null) await Ledger.DisposeAsync();
            foreach (var s in sessions)
            {
                s.Gone("the run ended");
                s.Status?.Dispose();
            }

            foreach (var t in threads) t.Dispose();
        }
    }

    private async Task<ContractCandidates> StartContractAsync(
        CandidateManifest manifest, IRuntime runtime, INetwork network, string runId, RunStore store, IReadOnlyList<string> names, IReadOnlyList<Host> servers,
        HistoryWriter history, Ledger ledger, LeaderTracker leaders, List<ClusterNode> nodes, RunLog log, CancellationToken cancel)
    {
        var start = runtime.ContractProgram(manifest);
        var unreachable = start.ClockUnreachable;
        var shim = unreachable is null ? await PreloadShim.MonotonicSleep.PathAsync(cancel) : null;
        var started = await OpenContractAsync([.. names.Select(n => network[n])], manifest.StatusPath, history, ledger, leaders, log, cancel);
        var sessions = started.Sessions;
        try
        {
            var kubeconfig = backend.Name == BackendNames.Kubernetes ? WriteKubeconfig(store, servers) : null;
            var hosts = names.Select(n => network[n]).ToList();
            foreach (var name in names)
            {
                var clock = unreachable is null ? FakeClock.WithOffset(StoreLayout.Clock(store.Directory, $"{name}-candidate"), shim) : null;
                var environment = ContractEnvironment.Of(name, backend.Name, backend.Endpoints(servers), hosts, options.Ttl, options.JobInterval, kubeconfig);
                foreach (var (k, v) in clock?.Environment() ?? new Dictionary<string, string?>()) environment[k] = v;
                var process = new HostProcess(network[name], runId, "candidate", start.File, start.Arguments, store.Directory, environment)
                {
                    WorkingDirectory = start.WorkingDirectory,
                    WholeTree = start.WholeTree,
                };
                nodes.Add(new ClusterNode(process, NodeRole.Candidate, clock, unreachable is null ? null : $"the candidate {manifest.Name} is {unreachable}"));
                await process.StartAsync(cancel);
            }

            await WaitForStatusAsync(manifest, [.. nodes.Where(n => n.Role == NodeRole.Candidate)], sessions, cancel);
            started.Supervisor = new CandidateSupervisor([.. nodes.Where(n => n.Role == NodeRole.Candidate).Zip(sessions)], history);
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// What the harness holds for candidates of the contract on <paramref name="hosts"/>, opened:
    /// a thread in each host's network namespace, the status client and session of each, and
    /// the ledger listening on each host's loopback.
    /// </summary>
    private async Task<ContractCandidates> OpenContractAsync(
        IReadOnlyList<Host> hosts, string statusPath, HistoryWriter history, Ledger ledger, LeaderTracker leaders, RunLog log, CancellationToken cancel)
    {
        var threads = hosts.Select(h => new NamespaceThread(h.Namespace)).ToList();
        var sessions = hosts.Select((h, i) => new ContractSession(h.Name, history, ledger, leaders, log)
        {
            Status = new StatusClient(threads[i], ContractEnvironment.StatusPort, statusPath, options.ClaimTimeout),
        }).ToList();
        var opened = new ContractCandidates(threads, sessions);
        try
        {
            opened.Ledger = await LedgerServer.StartAsync(hosts.Select((h, i) => (h.Name, threads[i], sessions[i])).ToDictionary(x => x.Name, x => (x.Item2, x.Item3)), cancel);
            return opened;
        }
        catch
        {
            await opened.DisposeAsync();
            throw;
        }
    }

    /// <summary>Waits until every candidate answers its status (not recorded: the test has not begun), at most the manifest's start timeout.</summary>
    private static async Task WaitForStatusAsync(CandidateManifest manifest, IReadOnlyList<ClusterNode> candidates, IReadOnlyList<ContractSession> sessions, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + manifest.StartTimeout;
        var waiting = Enumerable.Range(0, sessions.Count).ToHashSet();
        var last = new string?[sessions.Count];
        while (waiting.Count > 0)
        {
            foreach (var i in waiting.ToList())
            {
                var process = candidates[i].Process;
                if (!process.IsRunning)
                {
                    var code = process.ExitCode is { } c ? $" with code {c}" : string.Empty;
                    throw new CandidateFailedException(
                        $"{manifest.Name} on {sessions[i].Node} exited{code} before it answered GET {manifest.StatusPath} on port {ContractEnvironment.StatusPort}; {Tail(process)}");
                }

                var result = await sessions[i].Status!.AskAsync(cancel);
                if (result.Answer is not null) waiting.Remove(i);
                else last[i] = result.Why;
            }

            if (waiting.Count == 0) break;
            if (DateTime.UtcNow > deadline)
            {
                var i = waiting.First();
                throw new CandidateFailedException(
                    $"{manifest.Name} on {sessions[i].Node} did not answer GET {manifest.StatusPath} on port {ContractEnvironment.StatusPort} within {manifest.StartTimeout.TotalSeconds:0.#} s "
                    + $"(start_timeout_ms; the last try: {last[i] ?? "no answer"}); {Tail(candidates[i].Process)}");
            }

            await Task.Delay(200, cancel);
        }
    }

    private static string Tail(HostProcess process)
    {
        var tail = process.Tail(10);
        return tail.Length == 0 ? $"{process.LogPath} is empty" : $"the last lines of {process.LogPath}:\n  " + tail.Replace("\n", "\n  ", StringComparison.Ordinal);
    }

    /// <summary>kubernetes: a kubeconfig for the run's own Lease API, in the run's directory.</summary>
    private string WriteKubeconfig(RunStore store, IReadOnlyList<Host> servers)
    {
        var path = Path.Combine(store.Directory, "kubeconfig");
        File.WriteAllText(path, ContractEnvironment.KubeconfigFor(backend.Endpoints(servers)));
        return path;
    }
}
