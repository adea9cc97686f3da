using System.CommandLine;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Workloads.Candidate;

/// <summary>The options of the candidate's command line, with their help and defaults.</summary>
public sealed partial class CandidateCommandLine
{
    private readonly Option<string?> _node = new(NodeOption) { Description = $"this candidate's name in the history (c1, c2, ...); without --control, {CandidateEnvironment.Node}, else this machine's hostname" };
    private readonly Option<string?> _control = new(ControlOption) { Description = "the harness's control socket (a Unix domain socket in the run directory); without it, the candidate keeps the contract of docs/candidate.md" };
    private readonly Option<string?> _backend = Backend();
    private readonly Option<string> _servers = new(ServersOption) { Description = $"the backend's servers, host:port, comma separated (none for raft, bully and ring); without --control, {CandidateEnvironment.Servers}", DefaultValueFactory = _ => string.Empty };
    private readonly Option<string> _peers = new(PeersOption) { Description = $"raft, bully, ring: every candidate, NAME=ADDRESS:PORT, comma separated, in id order; without --control, {CandidateEnvironment.Peers}", DefaultValueFactory = _ => string.Empty };
    private readonly Option<string?> _kubeconfig = new(KubeconfigOption) { Description = $"kubernetes: a real cluster's kubeconfig (else --servers names the Lease API); without --control, {CandidateEnvironment.Kubeconfig}" };
    private readonly Option<string> _namespace = new(NamespaceOption) { Description = "kubernetes: the namespace of the Lease", DefaultValueFactory = _ => Defaults.Namespace };
    private readonly Option<string> _lease = new(LeaseOption) { Description = "kubernetes: the Lease's name", DefaultValueFactory = _ => Defaults.Lease };
    private readonly Option<int?> _renewDeadline = new(RenewDeadlineOption) { Description = "kubernetes: the elector's renew deadline (10/15 of the TTL by default)" };
    private readonly Option<int?> _retryPeriod = new(RetryPeriodOption) { Description = "kubernetes: the elector's retry period (2/15 of the TTL by default)" };
    private readonly Option<string> _data = new(DataOption) { Description = "this candidate's own disk (raft keeps its term and vote there)", DefaultValueFactory = _ => Defaults.DataDirectory };
    private readonly Option<int> _ttl = new(TtlOption) { Description = $"lease or session length; without --control, {CandidateEnvironment.TtlMs}", DefaultValueFactory = _ => 5000 };
    private readonly Option<int> _write = new(WriteOption) { Description = "how often the leader writes to the ledger", DefaultValueFactory = _ => 100 };
    private readonly Option<int> _job = new(JobOption) { Description = $"one job slot every this long; without --control, {CandidateEnvironment.JobIntervalMs}", DefaultValueFactory = _ => 1000 };
    private readonly Option<string?> _statusPort = new(StatusPortOption) { Description = $"without --control: the port of the status endpoint GET /leader, on every address ({CandidateEnvironment.StatusPort})" };
    private readonly Option<string?> _ledger = new(LedgerOption) { Description = $"without --control: the ledger's base URL ({CandidateEnvironment.Ledger}); without one, each act is written on standard output" };
    private readonly Option<int> _timeout = new(TimeoutOption) { Description = "timeout of every call to the backend", DefaultValueFactory = _ => 1000 };

    public CandidateCommandLine()
    {
        Root = new RootCommand("""
            ElectionJepsen candidate: campaigns for leadership with one recipe and reports what it does.
            With --control it is started by `ElectionJepsen.Harness run`, one per candidate host, and answers the harness
            over that socket. Without it, it keeps the candidate contract (docs/candidate.md) like any other program: its
            settings come from the environment (EJ_NODE, EJ_BACKEND, EJ_SERVERS, ...; an option given here wins), it
            serves GET /leader on EJ_STATUS_PORT, and reports to EJ_LEDGER, or on standard output when that is unset.
            """)
        {
            _node, _control, _backend, _servers, _peers, _data, _kubeconfig, _namespace, _lease, _renewDeadline, _retryPeriod, _ttl, _write, _job, _timeout, _statusPort, _ledger,
        };
    }

    /// <summary>The command, for the candidate's <c>Main</c> to give an action and invoke.</summary>
    public RootCommand Root { get; }

    /// <summary>--backend: one of <see cref="BackendNames.All"/>; any other name is refused by the parse, with the list.</summary>
    private static Option<string?> Backend()
    {
        var backend = new Option<string?>(BackendOption) { Description = $"the election recipe: {string.Join(", ", BackendNames.All)}; without --control, {CandidateEnvironment.Backend}" };
        backend.Validators.Add(result =>
        {
            if (result.Tokens.Count == 1 && !BackendNames.All.Contains(result.Tokens[0].Value))
            {
                result.AddError($"no election recipe named \"{result.Tokens[0].Value}\"; the recipes are {string.Join(", ", BackendNames.All)}");
            }
        });
        return backend;
    }

    /// <summary>What a candidate assumes when the command line leaves an option out: <see cref="CandidateOptions"/>'s own defaults.</summary>
    private static readonly CandidateOptions Defaults = new(string.Empty, string.Empty, string.Empty, [], TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
}
