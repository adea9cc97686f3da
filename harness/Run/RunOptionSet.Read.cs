using System.CommandLine;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Nemeses.Partition;
using ElectionJepsen.Harness.Run.Compose;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Workloads.Recipes.Kubernetes;

namespace ElectionJepsen.Harness.Run;

/// <summary>The read direction: a parsed command line into the options of one run, every bad value a <see cref="UsageException"/> saying what is allowed.</summary>
public sealed partial class RunOptionSet
{
    /// <summary>
    /// The options of a run of <paramref name="backend"/> under <paramref name="nemeses"/> (the
    /// command decides those two: one of a matrix, or the only one); a partition scope not given
    /// is <paramref name="defaultScope"/>, the backend's.
    /// </summary>
    public RunOptions Read(ParseResult parse, string backend, IReadOnlyList<string> nemeses, PartitionScope defaultScope)
    {
        var n = parse.GetValue(Nodes);
        if (n is < 1 or > 50) throw new UsageException($"{Nodes.Name} takes 1 to 50 candidates, not {n}");
        var options = new RunOptions(
            backend,
            nemeses,
            n,
            Duration(parse, TimeLimit),
            Duration(parse, NemesisInterval),
            parse.GetValue(Seed) ?? Random.Shared.Next(),
            Duration(parse, Ttl),
            OnOff(parse, Fencing),
            parse.GetValue(Store)!,
            parse.GetValue<bool>("--verbose"))
        {
            PartitionScope = parse.GetValue(Scope) is not { } scopeName ? defaultScope : PartitionScopes.Parse(scopeName)
                ?? throw new UsageException($"{Scope.Name} takes {string.Join(", ", PartitionScopes.All.SkipLast(1))} or {PartitionScopes.All.Last()}, not \"{scopeName}\""),
            PartitionShapes = Shapes(parse.GetValue(Shape)!),
            Delay = Delay.Read(parse),
            ElectorRenewDeadline = parse.GetValue(RenewDeadline) is { } rd ? DurationOption.Parse(RenewDeadline.Name, rd) : null,
            ElectorRetryPeriod = parse.GetValue(RetryPeriod) is { } rp ? DurationOption.Parse(RetryPeriod.Name, rp) : null,
            Kubeconfig = parse.GetValue(Kubeconfig),
            Junit = parse.GetValue(Junit),
            Runtime = RuntimeOf(parse),
            BaseImage = parse.GetValue(BaseImage),
            Compose = UserComposeOf(parse),
            KubernetesNamespace = NamespaceName(parse.GetValue(KubernetesNamespace), parse.GetValue(Kubeconfig) is not null),
            Servers = Settings(Duration(parse, EtcdHeartbeat), Duration(parse, EtcdElectionTimeout), OnOff(parse, EtcdPreVote), Duration(parse, ZooKeeperTick)),
        };
        if (ElectorTiming.For(options.Ttl, options.ElectorRenewDeadline, options.ElectorRetryPeriod).Problem is { } problem)
        {
            throw new UsageException($"{problem} ({Ttl.Name}, {RenewDeadline.Name}, {RetryPeriod.Name})");
        }

        return options;
    }

    /// <summary>The runtime asked for; <c>--candidate-image</c> takes the docker runtime, and refuses another named.</summary>
    private string RuntimeOf(ParseResult parse)
    {
        var text = parse.GetValue(Runtime)!;
        var name = RuntimeNames.All.Contains(text) ? text : throw new UsageException($"{Runtime.Name} takes {string.Join(" or ", RuntimeNames.All)}, not \"{text}\"");
        if (parse.GetValue(CandidateImage) is null) return name;
        if (parse.GetResult(Runtime) is { Implicit: false } && name != RuntimeNames.Docker)
        {
            throw new UsageException($"{CandidateImage.Name} runs on the {RuntimeNames.Docker} runtime; leave out {Runtime.Name} {name}");
        }

        return RuntimeNames.Docker;
    }

    private static TimeSpan Duration(ParseResult parse, Option<string> option) => DurationOption.Parse(option.Name, parse.GetValue(option)!);

    private static bool OnOff(ParseResult parse, Option<string> option) => parse.GetValue(option) switch
    {
        On => true,
        Off => false,
        var text => throw new UsageException($"{option.Name} takes {On} or {Off}, not \"{text}\""),
    };

    private IReadOnlyList<string> Shapes(string text)
    {
        if (text == AllShapes) return PartitionShapes.All;
        var list = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var bad = list.FirstOrDefault(s => !PartitionShapes.All.Contains(s));
        if (list.Length == 0 || bad is not null)
        {
            throw new UsageException($"{Shape.Name} \"{bad ?? text}\" is not a shape; the shapes are {string.Join(", ", PartitionShapes.All)} (a comma list, or {AllShapes})");
        }

        return list;
    }

    private ServerSettings Settings(TimeSpan heartbeat, TimeSpan election, bool preVote, TimeSpan tick)
    {
        if (heartbeat.TotalMilliseconds < 1 || election.TotalMilliseconds < 5 * heartbeat.TotalMilliseconds)
        {
            throw new UsageException($"{EtcdElectionTimeout.Name} ({election.TotalMilliseconds:0} ms) must be at least 5 times {EtcdHeartbeat.Name} ({heartbeat.TotalMilliseconds:0} ms), as etcd requires");
        }

        if (tick.TotalMilliseconds is < 10 or > 60_000) throw new UsageException($"{ZooKeeperTick.Name} takes 10ms to 60s, not {tick.TotalMilliseconds:0} ms");
        return new ServerSettings { EtcdHeartbeat = heartbeat, EtcdElectionTimeout = election, EtcdPreVote = preVote, ZooKeeperTick = tick };
    }

    /// <summary>The Lease's namespace: a DNS label, and only with a kubeconfig (the local Lease API keeps its Lease in default).</summary>
    private string NamespaceName(string? text, bool withKubeconfig)
    {
        if (text is null) return DefaultNamespace;
        if (!withKubeconfig) throw new UsageException($"{KubernetesNamespace.Name} goes with {Kubeconfig.Name} (the local Lease API keeps its Lease in namespace {DefaultNamespace})");
        if (text.Length is 0 or > 63 || !text.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') || text[0] == '-' || text[^1] == '-')
        {
            throw new UsageException($"{KubernetesNamespace.Name} \"{text}\" is not a namespace name: 1 to 63 lower-case letters, digits and '-', starting and ending with a letter or digit");
        }

        return text;
    }
}
