using System.CommandLine;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Backends.Kubernetes;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Nemeses.Delay;
using ElectionJepsen.Harness.Nemeses.Partition;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Workloads.Recipes;
using ElectionJepsen.Workloads.Recipes.Kubernetes;

namespace ElectionJepsen.Harness.Run;

/// <summary>The <c>run</c> verb, on the root command (the default verb) and on <c>run</c>: its options are <see cref="RunOptionSet"/>'s.</summary>
public static class RunCommand
{
    public static IReadOnlyDictionary<string, IBackend> Backends => BackendCatalog.ByName;

    public const string Examples = """
        Examples:
          --backend redis --nemesis partition                      a 60 s test of the Redis lock under partitions
          --backend redis --nemesis pause --ttl 3s --fencing off   a leader frozen past its lease, without fencing
          --backend redis --nemesis partition,pause,kill --time-limit 5m --seed 42
          --backend zookeeper --nemesis partition --partition-shape isolate-leader --ttl 3s
          --backend etcd --nemesis kill --etcd-election-timeout 2s --etcd-heartbeat 200ms
          --backend kubernetes --kubeconfig ~/.kube/config --namespace tests --nemesis partition
          --backend kubernetes --nemesis partition+clock --partition-shape isolate-leader   a follower's clock jumps while the leader is cut off
          --backend all --nemesis all --time-limit 30s --seed 7    the matrix: every backend under no fault and each fault, then store/index.html
          --backend redis,etcd,zookeeper --nemesis pause           three runs, one summary
          --candidate examples/aspnet-distributedlock-redis        your own program instead of ours (docs/candidate.md)
          --candidate all --nemesis all                            every folder of examples/, under each fault
          --candidate-image myservice:1.4 --nemesis pause          your own image, on the docker runtime
          --compose docker-compose.yml --candidate-service leader --backend redis --nemesis pause
                                                                   your own compose project: its leader service scaled to --nodes
        """;

    public static void AddTo(Command command, TextWriter stdout)
    {
        var set = new RunOptionSet();
        set.AddTo(command);
        command.SetAction(async (parse, cancel) =>
        {
            var backendText = parse.GetValue(set.Backend)!;
            var rows = MatrixRows.Of(parse.GetValue(set.Candidate) ?? [], backendText, parse.GetResult(set.Backend) is { Implicit: false }, parse.GetValue(set.CandidateImage));
            var nemesisText = parse.GetValue(set.Nemesis)!;
            if (nemesisText.Trim() != NemesisNames.All && nemesisText.Split(',', '+').Any(n => n.Trim() == NemesisNames.All))
            {
                throw new UsageException($"{set.Nemesis.Name} \"{nemesisText}\": all runs a test under each fault (a matrix) and stands alone; list the faults instead ({string.Join(",", NemesisNames.Faults)})");
            }

            var expectations = parse.GetValue(set.Expect) is { } expectFile ? Expectations.Load(expectFile) : null;
            var matrix = rows.Count > 1 || nemesisText.Trim() == NemesisNames.All || expectations is not null;
            var name = rows[0].Backend;
            var chosen = rows[0].Servers;
            var nemesisCells = nemesisText.Trim() == NemesisNames.All
                ? [[], .. NemesisNames.Parse(NemesisNames.All).Select(n => (IReadOnlyList<string>)[n])]
                : new List<IReadOnlyList<string>> { NemesisNames.Parse(nemesisText) };
            var options = set.Read(parse, name, nemesisCells[0], chosen.DefaultPartitionScope) with { Candidate = rows[0].Candidate };
            if (options.Kubeconfig is not null && rows.Any(r => r.Candidate is not null))
            {
                var given = rows[0].Candidate?.Image is null ? set.Candidate.Name : set.CandidateImage.Name;
                throw new UsageException($"{given} runs against the run's own servers; {set.Kubeconfig.Name} (a real cluster) is for our candidate only");
            }

            if (options.Runtime == RuntimeNames.Docker && options.Kubeconfig is not null)
            {
                throw new UsageException($"{set.Kubeconfig.Name} runs against a real cluster from this machine, on the {RuntimeNames.Local} runtime; {set.Runtime.Name} {RuntimeNames.Docker} makes the run's own servers");
            }

            if (options.Compose is not null && matrix) throw new UsageException($"{set.Compose.Name} runs one test of one project: give one {set.Backend.Name} and no {set.Expect.Name}");
            Outputs.Probe("store", Path.Combine(options.Store, "runs"));
            if (options.Junit is { } junitFile) Outputs.Probe("JUnit file", junitFile);
            if (matrix)
            {
                if (options.Kubeconfig is not null) throw new UsageException($"{set.Kubeconfig.Name} runs one test against one cluster: give {set.Backend.Name} kubernetes and one nemesis, not a matrix or {set.Expect.Name}");
                return await new MatrixRun(options, rows, nemesisCells, parse.GetValue(set.Scope) is not null, expectations, stdout).RunAsync(cancel);
            }

            if (options.Kubeconfig is { } file)
            {
                if (name != BackendNames.Kubernetes) throw new UsageException($"{set.Kubeconfig.Name} goes with {set.Backend.Name} {BackendNames.Kubernetes}, not {name}");
                chosen = await ClusterBackend.OpenAsync(file, options.KubernetesNamespace, cancel);
                options = options with { Kubeconfig = ((ClusterBackend)chosen).Kubeconfig };
            }

            var code = await new RunVerb(options, chosen, stdout).RunAsync(cancel);
            stdout.WriteLine(StoreComparison.Rewrite(Path.GetFullPath(options.Store)));
            return code;
        });
    }
}
