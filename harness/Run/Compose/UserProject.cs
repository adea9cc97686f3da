using System.Globalization;
using System.Net;
using Docker.DotNet.Models;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Runtime.Docker;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Harness.Run.Compose;

/// <summary>
/// The hosts of a run of a user's compose project: the project brought up by compose under the
/// run's own name (<c>ej-RUNID</c>) with the run's override file, the candidate service scaled
/// to the run's candidates. Its containers are found by compose's labels: the candidate
/// service's replicas in their number's order are the hosts c1..cN, the other services' the
/// hosts s1..sM. Each container's network namespace is given the name a local host's would
/// have (<c>ip netns attach</c>), so the status client, the ledger and the network faults reach
/// into it unchanged; its programs are the container itself (<see cref="ContainerPrograms"/>).
/// Disposing takes the project down; a harness killed before that leaves containers and
/// networks labelled with the run id, for the reaper.
/// </summary>
public sealed partial class UserProject : INetwork
{
    private readonly Dictionary<string, Host> _byName = new(StringComparer.Ordinal);
    private readonly List<Host> _hosts = [];
    private readonly IDockerApi _api;
    private readonly ComposeCli _cli;
    private readonly IReadOnlyList<string> _files;
    private readonly string _log;

    private UserProject(IDockerApi api, ComposeCli cli, string runId, IReadOnlyList<string> files, string runDirectory)
    {
        _api = api;
        _cli = cli;
        _files = files;
        _log = Path.Combine(runDirectory, StoreLayout.ComposeLog);
        RunId = runId;
    }

    public string RunId { get; }

    /// <summary>The project's name: the run's prefix and id, as every name of a run.</summary>
    public string Project => ProjectOf(RunId);

    public string Subnet { get; private set; } = string.Empty;

    public IReadOnlyList<Host> Hosts => _hosts;

    public Host this[string name] => _byName[name];

    /// <summary>The hosts of the candidate service's replicas, c1..cN.</summary>
    public IReadOnlyList<Host> Candidates { get; private set; } = [];

    /// <summary>The hosts of the other services' containers, s1..sM.</summary>
    public IReadOnlyList<Host> Servers { get; private set; } = [];

    /// <summary>The compose service (and replica number) behind every host.</summary>
    public IReadOnlyDictionary<string, string> Services => _services;

    private readonly Dictionary<string, string> _services = new(StringComparer.Ordinal);

    public static string ProjectOf(string runId) => $"{LocalNetwork.Prefix}{runId}";

    /// <summary>
    /// Writes the override, brings the project up with <paramref name="candidates"/> replicas of
    /// the candidate service, and makes its containers the run's hosts; on any failure takes
    /// down what it brought up.
    /// </summary>
    public static async Task<UserProject> UpAsync(
        IDockerApi api, ComposeCli cli, UserCompose target, UserComposeConfig config, string runId, string runDirectory,
        IReadOnlyDictionary<string, string> environment, int candidates, CancellationToken cancel)
    {
        RunRegistry.Register(runId);
        var overrideFile = Path.GetFullPath(Path.Combine(runDirectory, StoreLayout.ComposeOverride));
        await File.WriteAllTextAsync(overrideFile, ComposeOverride.Render(config, target.Service, runId, environment), cancel);
        var project = new UserProject(api, cli, runId, [Path.GetFullPath(target.File), overrideFile], runDirectory);
        try
        {
            await project.ComposeAsync(UpTimeout, cancel, "up", "-d", "--no-color", "--scale", string.Create(CultureInfo.InvariantCulture, $"{target.Service}={candidates}"));
            await project.FindHostsAsync(target.Service, candidates, cancel);
            return project;
        }
        catch
        {
            await project.DisposeAsync();
            throw;
        }
    }

    /// <summary>How long bringing the project up may take (its images are local; a build is the user's to do first).</summary>
    public static readonly TimeSpan UpTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Thaws what a fault left frozen, takes the project down (its volumes and strays too), and removes the namespaces' names.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var c in await _api.ListContainersAsync(ComposeLabels.ReplicasFilter(Project), CancellationToken.None))
            {
                if (c.State == "paused") await _api.UnpauseContainerAsync(c.ID, CancellationToken.None);
            }

            await ComposeAsync(TimeSpan.FromMinutes(1), CancellationToken.None, "down", "-v", "--remove-orphans", "-t", "0");
            await LocalNetwork.RemoveNamespacesAsync(Hosts.Select(h => h.Namespace));
        }
        finally
        {
            RunRegistry.Unregister(RunId);
        }
    }

    private async Task ComposeAsync(TimeSpan timeout, CancellationToken cancel, params string[] verb)
    {
        var args = _cli.Arguments(Project, _files, verb);
        var result = await Exec.RunAsync(_cli.File, args, timeout: timeout, cancel: cancel);
        await File.AppendAllTextAsync(_log, $"--- {DateTime.UtcNow:O} {Exec.Describe(_cli.File, args)} (exit {result.ExitCode})\n{result.Out}{result.Error}", CancellationToken.None);
        if (!result.Ok) throw new ExecException($"{_cli} {verb[0]} failed (exit {result.ExitCode}); see {_log}");
    }
}
