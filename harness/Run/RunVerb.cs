using System.Diagnostics;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Nemeses.Delay.Nfqueue;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Run.Contract;
using ElectionJepsen.Harness.Run.Runtimes;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Runtime.Docker;
using ElectionJepsen.Reports.Store;
using ElectionJepsen.Reports.Text;
using ElectionJepsen.Workloads.Candidate;

namespace ElectionJepsen.Harness.Run;

/// <summary>
/// One test, end to end: prerequisites, leftovers reaped, hosts made, servers started and
/// waited for, candidates started, claims and the nemesis run for the time limit, a final
/// heal and a quiet period, everything stopped, the history checked, the store written.
/// Ctrl-C (or an error) still heals, tears down and checks what was recorded. A history that
/// cannot be written (a full disk) stops the run as Ctrl-C does, with the reason: it heals,
/// tears down, keeps the prefix on disk and ends in an <see cref="OutputException"/> (exit 73).
/// </summary>
public sealed partial class RunVerb(RunOptions options, IBackend backend, TextWriter stdout)
{
    /// <summary>The run's directory in the store, once made.</summary>
    public string? Directory { get; private set; }

    /// <summary>What the check found, once the run got that far.</summary>
    public CheckResult? Result { get; private set; }

    public async Task<int> RunAsync(CancellationToken cancel)
    {
        if (options.Compose is { } project) return await RunComposeAsync(project, cancel);
        await Prerequisites.EnsureAsync(
            "run",
            [.. Prerequisites.Network, .. backend.Needs, Prerequisites.Faketime, .. options.Delays ? [NfqueueDelay.Library] : Array.Empty<Requirement>(), .. options.Candidate is { Image: null } own ? [.. own.Needs, Prerequisites.Gcc, Prerequisites.CHeaders] : Array.Empty<Requirement>()],
            stdout,
            cancel: cancel);
        if (options.Candidate is { Image: null } candidate)
        {
            await CandidateBuild.EnsureBuiltAsync(candidate, stdout, cancel);
            CandidateProgram.Resolve(candidate);
        }

        foreach (var d in await DockerReaper.ReapIfDockerAsync(cancel: cancel)) stdout.WriteLine($"removed what run {d.RunId} left in Docker: {DockerReaper.Describe(d)}");
        var reaped = await Reaper.ReapAsync();
        foreach (var r in reaped) stdout.WriteLine($"removed what run {r.RunId} left: {r.Namespaces.Count} namespaces, {r.Processes} processes");

        var store = RunStore.Create(options.Store, options.Candidate is { } c ? $"{c.Slug}-{backend.Name}" : backend.Name, options.NemesisText, DateTime.UtcNow);
        Directory = store.Directory;
        using var log = new RunLog(store.Log, stdout, options.Verbose);
        try
        {
            using var runtime = options.Runtime == RuntimeNames.Docker
                ? await DockerRuntime.PrepareAsync("run", options.BaseImage, options.Candidate, stdout, Path.Combine(store.Directory, StoreLayout.ImagesLog), cancel)
                : (IRuntime)LocalRuntime.Instance;
            return await RunAsync(runtime, store, log, cancel);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.RunFailed(e, e.Message);
            throw;
        }
    }

    private async Task<int> RunAsync(IRuntime runtime, RunStore store, RunLog log, CancellationToken interrupted)
    {
        // Ctrl-C stops the run, and so does a history that cannot be written.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(interrupted);
        var cancel = stopping.Token;
        log.RunStarting(store.Directory, backend.Name, options.NemesisText, options.Nodes, options.TimeLimit.TotalSeconds, options.Seed);
        var runId = LocalNetwork.NewRunId();
        await WriteTestJsonAsync(store, runId);
        var serverNames = Enumerable.Range(1, backend.ServerCount).Select(i => $"s{i}").ToList();
        var candidateNames = Enumerable.Range(1, options.Nodes).Select(i => $"c{i}").ToList();
        var clock = Stopwatch.StartNew();
        var network = await runtime.CreateNetworkAsync(runId, store.Directory, serverNames, candidateNames, backend.Outside, cancel);
        log.HostsMade(string.Join(", ", network.Hosts), clock.ElapsedMilliseconds);
        var nodes = new List<ClusterNode>();
        var ledger = new Ledger(options.Fencing);
        var leaders = new LeaderTracker();
        HistoryWriter? history = null;
        CancellationTokenRegistration failing = default;
        IAsyncDisposable? channel = null;
        ContractCandidates? contract = null;
        var context = new ServerContext(runId, store.Directory, options.Ttl) { Settings = options.Servers, Subnet = network.Subnet };
        try
        {
            var servers = await backend.StartAsync([.. serverNames.Select(n => network[n])], context, cancel);
            nodes.AddRange(servers);
            if (backend.Outside is { } outside) log.OutsideRelayed(backend.Name, outside.Host, backend.Endpoints([]), clock.ElapsedMilliseconds);
            else log.ServersServing(backend.Name, servers.Count, clock.ElapsedMilliseconds);

            history = NewHistory(store);
            failing = history.Failed.Register(() => Stop(log, stopping, history.Failure));
            IReadOnlyList<ICandidateSession> sessions;
            if (options.Candidate is { } manifest)
            {
                channel = contract = await StartContractAsync(manifest, runtime, network, runId, store, candidateNames, [.. serverNames.Select(n => network[n])], history, ledger, leaders, nodes, log, cancel);
                sessions = contract.Sessions;
                log.CandidatesAnswering(options.Nodes, manifest.Name, clock.ElapsedMilliseconds);
            }
            else
            {
                var own = candidateNames.ToDictionary(n => n, n => new CandidateSession(n, history, ledger, leaders));
                channel = new ControlServer(store.ControlSocket, own, log);
                await StartCandidatesAsync(nodes, runtime, network, runId, store, candidateNames, [.. serverNames.Select(n => network[n])], cancel);
                await WaitForCandidatesAsync(own.Values, nodes, cancel);
                sessions = [.. own.Values];
                log.CandidatesConnected(options.Nodes, clock.ElapsedMilliseconds);
            }

            var serverLeader = new ServerLeaderWatch(backend, [.. serverNames.Select(n => network[n])], log);
            var cluster = new Cluster(network, nodes, () => leaders.Leader, () => serverLeader.Leader) { RunDirectory = store.Directory };
            Func<CancellationToken, Task>[] beside = contract?.Supervisor is { } supervisor ? [serverLeader.RunAsync, supervisor.RunAsync] : [serverLeader.RunAsync];
            await RunTestAsync(cluster, sessions, history, ledger, leaders, log, beside, cancel);
        }
        catch (OperationCanceledException) when (history?.Failure is not null)
        {
            // The history's failure stopped the run: it is what is reported, below.
        }
        finally
        {
            await StopAsync(nodes, channel, history, network, log, context);

            // Waits for the stop, if the history's failure is stopping the run now.
            await failing.DisposeAsync();
        }

        if (history?.Failure is { } failure) throw Unwritable(store, failure);
        return Check(store, log, cancel.IsCancellationRequested, clock.Elapsed);
    }
}
