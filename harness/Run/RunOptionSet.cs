using System.CommandLine;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Nemeses.Delay;
using ElectionJepsen.Harness.Nemeses.Partition;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Run;

/// <summary>
/// The options of a run, owned in one place, as <see cref="DelayOptions"/> owns the delay's:
/// each option's name and help here, how its value is read into <see cref="RunOptions"/>
/// (<see cref="Read"/>), and how a value is printed back as the same option
/// (<see cref="ToArguments"/>), which gives test.json's rerun command.
/// </summary>
public sealed partial class RunOptionSet
{
    public Option<string> Backend { get; } = new("--backend")
    {
        Description = $"the election backend: {string.Join(", ", RunCommand.Backends.Keys)}; a comma list or all runs each in turn (a matrix)",
        DefaultValueFactory = _ => BackendNames.Redis,
        HelpName = "NAME",
    };

    public Option<string> Nemesis { get; } = new("--nemesis")
    {
        Description = $"faults: {string.Join(", ", NemesisNames.Faults)}, a comma list (drawn in turn within one run), faults joined by + (in force together, started over the first quarter of the interval), or none; all runs a test under each of none and every fault (a matrix)",
        DefaultValueFactory = _ => "none",
        HelpName = "LIST",
    };

    public Option<int> Nodes { get; } = new("--nodes") { Description = "how many candidates", DefaultValueFactory = _ => 5 };

    public Option<string> TimeLimit { get; } = new("--time-limit") { Description = "how long the test runs (30s, 2m, or seconds)", DefaultValueFactory = _ => "60s", HelpName = "DURATION" };

    public Option<string> NemesisInterval { get; } = new("--nemesis-interval") { Description = "faults and heals alternate this often", DefaultValueFactory = _ => "10s", HelpName = "DURATION" };

    public Option<int?> Seed { get; } = new("--seed") { Description = "seed of the nemesis schedule (printed and stored in test.json)" };

    public Option<string> Ttl { get; } = new("--ttl") { Description = "lease or session length, the same for every backend", DefaultValueFactory = _ => "5s", HelpName = "DURATION" };

    public Option<string> Fencing { get; } = new("--fencing") { Description = "the ledger refuses tokens lower than the highest it accepted: on or off", DefaultValueFactory = _ => "on", HelpName = "on|off" };

    public Option<string?> Scope { get; } = new("--partition-scope")
    {
        Description = "which hosts partitions split: all, servers (from each other), candidates (from each other), candidates-servers (candidates from servers); "
            + "default all, or candidates for raft, bully and ring",
        HelpName = "SCOPE",
    };

    public Option<string> Shape { get; } = new("--partition-shape")
    {
        Description = $"the partition shapes to draw from, a comma list: {string.Join(", ", PartitionShapes.All)}",
        DefaultValueFactory = _ => "all",
        HelpName = "LIST",
    };

    public Option<string> EtcdHeartbeat { get; } = new("--etcd-heartbeat") { Description = "etcd's heartbeat interval", DefaultValueFactory = _ => "100ms", HelpName = "DURATION" };

    public Option<string> EtcdElectionTimeout { get; } = new("--etcd-election-timeout") { Description = "etcd's election timeout (at least 5 heartbeats)", DefaultValueFactory = _ => "1000ms", HelpName = "DURATION" };

    public Option<string> EtcdPreVote { get; } = new("--etcd-pre-vote") { Description = "etcd's pre-vote: on or off", DefaultValueFactory = _ => "on", HelpName = "on|off" };

    public Option<string> ZooKeeperTick { get; } = new("--zk-tick-time") { Description = "ZooKeeper's tickTime (sessions may last 2 to 20 ticks, widened to take --ttl)", DefaultValueFactory = _ => "500ms", HelpName = "DURATION" };

    public Option<string?> RenewDeadline { get; } = new("--k8s-renew-deadline") { Description = "kubernetes: the elector's renew deadline (default 10/15 of --ttl, as client-go's 10 s of 15 s)", HelpName = "DURATION" };

    public Option<string?> RetryPeriod { get; } = new("--k8s-retry-period") { Description = "kubernetes: the elector's retry period (default 2/15 of --ttl, as client-go's 2 s of 15 s)", HelpName = "DURATION" };

    public Option<string?> Kubeconfig { get; } = new("--kubeconfig") { Description = "kubernetes: run against the real cluster of this kubeconfig (its current context) instead of the local Lease API; the run's Lease is deleted afterwards", HelpName = "FILE" };

    public Option<string?> KubernetesNamespace { get; } = new("--namespace") { Description = "kubernetes with --kubeconfig: the namespace of the run's Lease (default: default)", HelpName = "NS" };

    public Option<string[]> Candidate { get; } = new("--candidate")
    {
        Description = "test your own program instead of ours: a folder with candidate.json (docs/candidate.md); give it more than once, or all for every folder under examples/, "
            + "for a matrix; without --backend each runs on the first backend it lists",
        HelpName = "DIR",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> CandidateImage { get; } = new("--candidate-image")
    {
        Description = $"test your own program as an image: its ENTRYPOINT and CMD run on every candidate host with the contract's environment (docs/candidate.md); on the {RuntimeNames.Docker} runtime, which it implies",
        HelpName = "IMAGE",
    };

    public Option<string> Runtime { get; } = new("--runtime")
    {
        Description = $"what the hosts are: {RuntimeNames.Local} (a network namespace each, on this machine) or {RuntimeNames.Docker} (a container each, from images the harness builds)",
        DefaultValueFactory = _ => RuntimeNames.Local,
        HelpName = "NAME",
    };

    public Option<string?> BaseImage { get; } = new("--base-image")
    {
        Description = $"{RuntimeNames.Docker}: the Debian bookworm image the harness's images are built on (default debian:bookworm-slim if the engine has or can pull it, else one made once from Debian's archive)",
        HelpName = "IMAGE",
    };

    public Option<string?> Compose { get; } = new("--compose")
    {
        Description = "test your own compose project: its candidate service (--candidate-service) keeps the contract (docs/candidate.md) and is scaled to --nodes, its other services are the servers; needs --backend",
        HelpName = "FILE",
    };

    public Option<string?> CandidateService { get; } = new("--candidate-service") { Description = "with --compose: the service that is the candidate", HelpName = "NAME" };

    public Option<string?> ComposeServers { get; } = new("--servers")
    {
        Description = "with --compose: the candidates' servers, as the candidates reach them (default: EJ_SERVERS in the candidate service's environment)",
        HelpName = "HOST:PORT,...",
    };

    public Option<string?> Junit { get; } = new("--junit") { Description = "also write the verdict as JUnit XML here (a test case per run, failed when invalid), for CI dashboards", HelpName = "FILE" };

    public Option<string> Store { get; } = new("--store") { Description = "where run directories go", DefaultValueFactory = _ => "store", HelpName = "DIR" };

    public Option<string?> Expect { get; } = new("--expect")
    {
        Description = "judge the runs by this file of expectations (lines: BACKEND NEMESIS valid|invalid|unknown|any has:KIND no:KIND, * for any; the first match judges): exit 0 when every run is as expected, 1 when one is not",
        HelpName = "FILE",
    };

    /// <summary>The slow network's options, owned by <see cref="DelayOptions"/>.</summary>
    public DelayOptions Delay { get; } = new();

    /// <summary>Adds every option to <paramref name="command"/>, the slow network's last.</summary>
    public void AddTo(Command command)
    {
        foreach (var o in new Option[]
        {
            Backend, Nemesis, Nodes, TimeLimit, NemesisInterval, Seed, Ttl, Fencing, Scope, Shape, EtcdHeartbeat, EtcdElectionTimeout, EtcdPreVote,
            ZooKeeperTick, RenewDeadline, RetryPeriod, Kubeconfig, KubernetesNamespace, Candidate, CandidateImage, Runtime, BaseImage, Compose, CandidateService, ComposeServers, Junit, Store, Expect,
        })
        {
            command.Options.Add(o);
        }

        Delay.AddTo(command);
    }
}
