using System.Diagnostics;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Nemeses.Delay.Nfqueue;
using ElectionJepsen.Harness.Run.Compose;
using ElectionJepsen.Harness.Run.Contract;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Runtime.Docker;

namespace ElectionJepsen.Harness.Run;

/// <summary>
/// A run of a user's own compose project (<c>--compose</c>): the project checked, brought up
/// under the run's name with the contract's environment on its candidate service, its
/// containers made the run's hosts; the candidates' status asked and their ledger served
/// through each container's own namespace, as for a candidate of the contract; the project
/// taken down at the end, also on Ctrl-C.
/// </summary>
public sealed partial class RunVerb
{
    private async Task<int> RunComposeAsync(UserCompose target, CancellationToken interrupted)
    {
        await Prerequisites.EnsureAsync("run", [.. Prerequisites.Network, .. options.Delays ? [NfqueueDelay.Library] : Array.Empty<Requirement>()], stdout, cancel: interrupted);
        using var engine = await DockerEngine.ConnectAsync("run", stdout, cancel: interrupted);
        var cli = await ComposeCli.FindAsync("run", stdout, interrupted);
        var (config, servers) = await target.CheckAsync(cli, interrupted);
        foreach (var d in await DockerReaper.ReapAsync(engine.Api, includeLive: false, RunRegistry.IsAlive, interrupted)) stdout.WriteLine($"removed what run {d.RunId} left in Docker: {DockerReaper.Describe(d)}");
        foreach (var r in await Reaper.ReapAsync()) stdout.WriteLine($"removed what run {r.RunId} left: {r.Namespaces.Count} namespaces, {r.Processes} processes");

        var store = RunStore.Create(options.Store, $"{target.Service}-{backend.Name}", options.NemesisText, DateTime.UtcNow);
        Directory = store.Directory;
        using var log = new RunLog(store.Log, stdout, options.Verbose);
        try
        {
            return await RunComposeAsync(target, engine.Api, cli, config, servers, store, log, interrupted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.RunFailed(e, e.Message);
            throw;
        }
    }

    private async Task<int> RunComposeAsync(UserCompose target, IDockerApi api, ComposeCli cli, UserComposeConfig config, string servers, RunStore store, RunLog log, CancellationToken interrupted)
    {
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(interrupted);
        var cancel = stopping.Token;
        log.RunStarting(store.Directory, backend.Name, options.NemesisText, options.Nodes, options.TimeLimit.TotalSeconds, options.Seed);
        var runId = LocalNetwork.NewRunId();
        await WriteTestJsonAsync(store, runId);
        var clock = Stopwatch.StartNew();
        var environment = ContractEnvironment.OfService(backend.Name, servers, options.Ttl, options.JobInterval);
        var project = await UserProject.UpAsync(api, cli, target, config, runId, store.Directory, environment, options.Nodes, cancel);
        log.ProjectUp(project.Project, string.Join(", ", project.Hosts.Select(h => $"{h.Name} = {project.Services[h.Name]} ({h.Address})")), clock.ElapsedMilliseconds);

        // From now on a container started again is followed, by what the run holds by then.
        var following = new Following();
        project.OnCameBack(async (host, ct) =>
        {
            var rules = following.Cluster is { } cluster ? await cluster.Faults.ReapplyAsync(host, ct) : 0;
            if (following.Contract is { } candidates) await candidates.FollowAsync(host.Name, ct);
            log.HostCameBack(host.Name, project.Services[host.Name], rules);
        });
        var nodes = new List<ClusterNode>();
        var ledger = new Ledger(options.Fencing);
        var leaders = new LeaderTracker();
        HistoryWriter? history = null;
        CancellationTokenRegistration failing = default;
        ContractCandidates? contract = null;
        var context = new ServerContext(runId, store.Directory, options.Ttl) { Settings = options.Servers, Subnet = project.Subnet };
        try
        {
            foreach (var s in project.Servers) nodes.Add(await AdoptAsync(s, project, runId, store, NodeRole.Server, cancel));
            history = NewHistory(store);
            failing = history.Failed.Register(() => Stop(log, stopping, history.Failure));
            contract = await AdoptCandidatesAsync(target, project, runId, store, history, ledger, leaders, nodes, following, log, cancel);
            log.CandidatesAnswering(options.Nodes, target.Service, clock.ElapsedMilliseconds);

            var cluster = following.Cluster = new Cluster(project, nodes, () => leaders.Leader) { RunDirectory = store.Directory };
            await RunTestAsync(cluster, contract.Sessions, history, ledger, leaders, log, [contract.Supervisor!.RunAsync], cancel);
        }
        catch (OperationCanceledException) when (history?.Failure is not null)
        {
            // The history's failure stopped the run: it is what is reported, below.
        }
        finally
        {
            await StopAsync(nodes, contract, history, project, log, context);
            await failing.DisposeAsync();
        }

        if (history?.Failure is { } failure) throw Unwritable(store, failure);
        return Check(store, log, cancel.IsCancellationRequested, clock.Elapsed);
    }

    /// <summary>What follows a container started again into its new namespace, as the run comes to hold it.</summary>
    private sealed class Following
    {
        public ContractCandidates? Contract { get; set; }

        public Cluster? Cluster { get; set; }
    }

    /// <summary>A container of the project as a process the nemeses act on: it runs already, so starting it takes its PID.</summary>
    private static async Task<ClusterNode> AdoptAsync(Host host, UserProject project, string runId, RunStore store, NodeRole role, CancellationToken cancel)
    {
        var process = new HostProcess(host, runId, role == NodeRole.Server ? "server" : "candidate", "container", [project.Services[host.Name]], store.Directory);
        await process.StartAsync(cancel);
        return new ClusterNode(process, role, null, "it is a container of the project under test, whose image need not carry libfaketime");
    }

    private async Task<ContractCandidates> AdoptCandidatesAsync(
        UserCompose target, UserProject project, string runId, RunStore store, HistoryWriter history, Ledger ledger, LeaderTracker leaders, List<ClusterNode> nodes,
        Following following, RunLog log, CancellationToken cancel)
    {
        var manifest = new CandidateManifest(Path.GetDirectoryName(Path.GetFullPath(target.File))!, target.Service, [backend.Name], [], null, [],
            CandidateManifest.DefaultStatusPath, CandidateManifest.DefaultStartTimeout);
        var started = following.Contract = await OpenContractAsync(project.Candidates, manifest.StatusPath, history, ledger, leaders, log, cancel);
        var sessions = started.Sessions;
        try
        {
            foreach (var h in project.Candidates) nodes.Add(await AdoptAsync(h, project, runId, store, NodeRole.Candidate, cancel));
            var candidates = nodes.Where(n => n.Role == NodeRole.Candidate).ToList();
            await WaitForStatusAsync(manifest, candidates, sessions, cancel);
            started.Supervisor = new CandidateSupervisor([.. candidates.Zip(sessions)], history);
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }
}
