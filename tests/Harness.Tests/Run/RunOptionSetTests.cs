using System.CommandLine;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Nemeses.Delay;
using ElectionJepsen.Harness.Nemeses.Partition;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Workloads.Recipes.Kubernetes;

namespace ElectionJepsen.Harness.Tests.Run;

/// <summary>The run's options printed back (the rerun command) read as the same options.</summary>
public sealed class RunOptionSetTests
{
    private readonly RunOptionSet _set = new();

    [Fact]
    public void Options_printed_as_arguments_read_back_the_same()
    {
        for (var seed = 0; seed < 500; seed++)
        {
            var (options, defaultScope) = RandomOptions(new Random(seed));
            var args = _set.ToArguments(options, defaultScope);

            var read = Read(args, defaultScope);

            Assert.True(Same(options, read), $"seed {seed}: {string.Join(' ', args)} reads as {read}");
        }
    }

    [Fact]
    public void The_rerun_command_of_the_defaults_writes_the_test_options_only()
    {
        var options = new RunOptions("redis", ["partition"], 5, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10), 42, TimeSpan.FromSeconds(5), true, "store", false);

        Assert.Equal(
            "dotnet run --project harness -- --backend redis --nemesis partition --nodes 5 --time-limit 60s --nemesis-interval 10s --seed 42 --ttl 5s --fencing on",
            _set.Rerun(options, PartitionScope.All));
    }

    [Fact]
    public void A_scope_of_all_is_written_where_the_backend_defaults_to_another()
    {
        var options = new RunOptions("raft", [], 3, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), 1, TimeSpan.FromSeconds(5), false, "store", false);

        var args = _set.ToArguments(options, PartitionScope.Candidates);

        Assert.Equal(PartitionScope.All, Read(args, PartitionScope.Candidates).PartitionScope);
        Assert.Contains("--partition-scope all", string.Join(' ', args), StringComparison.Ordinal);
    }

    [Fact]
    public void A_compose_project_printed_as_arguments_reads_back_the_same()
    {
        var options = new RunOptions("redis", ["pause"], 3, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(6), 9, TimeSpan.FromSeconds(2), true, "store", false)
        {
            Compose = new("app/docker-compose.yml", "leader", ["redis:6379", "redis2:6379"]),
        };

        var read = Read(_set.ToArguments(options, PartitionScope.All), PartitionScope.All);

        Assert.Equal("app/docker-compose.yml", read.Compose!.File);
        Assert.Equal("leader", read.Compose.Service);
        Assert.Equal(["redis:6379", "redis2:6379"], read.Compose.Servers);
    }

    [Theory]
    [InlineData("/home/me/.kube/config", "/home/me/.kube/config")]
    [InlineData("/home/me/my cluster/config", "'/home/me/my cluster/config'")]
    [InlineData("it's", "'it'\\''s'")]
    [InlineData("$HOME;rm", "'$HOME;rm'")]
    public void An_argument_the_shell_would_change_is_quoted(string argument, string quoted)
    {
        Assert.Equal(quoted, ElectionJepsen.Harness.Runtime.ShellWords.Quote(argument));
    }

    private RunOptions Read(IReadOnlyList<string> args, PartitionScope defaultScope)
    {
        var command = new RootCommand();
        _set.AddTo(command);
        command.Options.Add(new Option<bool>("--verbose"));
        var parse = command.Parse([.. args]);
        Assert.Empty(parse.Errors);
        return _set.Read(parse, parse.GetValue(_set.Backend)!, NemesisNames.Parse(parse.GetValue(_set.Nemesis)!), defaultScope);
    }

    /// <summary>What the command line decides is the same (lists by their items).</summary>
    private static bool Same(RunOptions a, RunOptions b) =>
        a with { Nemeses = [], PartitionShapes = [] } == b with { Nemeses = [], PartitionShapes = [] }
        && a.Nemeses.SequenceEqual(b.Nemeses) && a.PartitionShapes.SequenceEqual(b.PartitionShapes);

    private static (RunOptions Options, PartitionScope DefaultScope) RandomOptions(Random r)
    {
        T Any<T>(IReadOnlyList<T> list) => list[r.Next(list.Count)];
        TimeSpan Ms(int min, int max) => TimeSpan.FromMilliseconds(r.Next(min, max));
        var backend = Any([.. RunCommand.Backends.Keys]);
        var faults = NemesisNames.Faults;
        var nemeses = Enumerable.Range(0, r.Next(4))
            .Select(_ => r.Next(3) == 0 ? string.Join('+', faults.OrderBy(_ => r.Next()).Take(r.Next(2, 4))) : Any(faults))
            .Distinct().ToList();
        var ttl = Ms(100, 60_000);
        var renew = r.Next(3) == 0 ? Ms(10, 60_000) : (TimeSpan?)null;
        var retry = r.Next(3) == 0 ? Ms(10, 60_000) : (TimeSpan?)null;
        if (ElectorTiming.For(ttl, renew, retry).Problem is not null) (renew, retry) = (null, null);
        var heartbeat = Ms(1, 500);
        var kubeconfig = r.Next(4) == 0 ? Any(["/root/.kube/config", "/home/me/my cluster/config", "/tmp/it's"]) : null;
        var options = new RunOptions(backend, nemeses, r.Next(1, 51), Ms(1, 3_600_000), Ms(1, 600_000), r.Next(), ttl, r.Next(2) == 0, "store", false)
        {
            PartitionScope = Any(Enum.GetValues<PartitionScope>()),
            PartitionShapes = r.Next(2) == 0 ? PartitionShapes.All : [.. PartitionShapes.All.Where(_ => r.Next(2) == 0).DefaultIfEmpty(PartitionShapes.All[0])],
            Servers = new ServerSettings { EtcdHeartbeat = heartbeat, EtcdElectionTimeout = heartbeat * r.Next(5, 20), EtcdPreVote = r.Next(2) == 0, ZooKeeperTick = Ms(10, 60_000) },
            ElectorRenewDeadline = renew,
            ElectorRetryPeriod = retry,
            Kubeconfig = kubeconfig,
            KubernetesNamespace = kubeconfig is null ? "default" : Any(["default", "tests", "a-1"]),
            Runtime = Any(RuntimeNames.All),
            BaseImage = r.Next(3) == 0 ? Any(["debian:bookworm-slim", "registry.example:5000/debian:12"]) : null,
        };
        if (options.Delays) options = options with { Delay = new DelayProfile(Ms(0, 5000), Ms(0, 1000), Any(Enum.GetValues<JitterDistribution>()), r.NextDouble(), r.NextDouble()) };
        return (options, RunCommand.Backends[backend].DefaultPartitionScope);
    }
}
