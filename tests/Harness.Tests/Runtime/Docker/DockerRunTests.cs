using System.Globalization;
using System.Text.Json;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Run.Runtimes;
using ElectionJepsen.Harness.Runtime.Docker;
using ElectionJepsen.Harness.Tests.Run;
using ElectionJepsen.Harness.Tests.Run.Contract;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Runtime.Docker;

/// <summary>
/// Whole runs on the docker runtime: every server and candidate a container, the harness as its
/// own process, each fault giving the verdict kinds it gives on the local runtime. Every push
/// runs one cell of each fault; <c>EJ_KNOWN_RESULTS=full</c> runs redis and etcd under each.
/// </summary>
[Collection(NamespacesCollection.Name)]
[Trait("Category", "Docker")]
public sealed class DockerRunTests : IDisposable
{
    private static readonly bool Full = Environment.GetEnvironmentVariable("EJ_KNOWN_RESULTS") == "full";
    private readonly TempDir _store = new();

    public void Dispose() => _store.Dispose();

    public static TheoryData<string, string> Cells()
    {
        var every = new[] { ("redis", "pause"), ("etcd", "partition"), ("etcd", "kill") };
        var rest = new[] { ("redis", "none"), ("etcd", "none"), ("etcd", "pause"), ("redis", "partition"), ("redis", "kill") };
        var data = new TheoryData<string, string>();
        foreach (var (backend, nemesis) in Full ? [.. every, .. rest] : every) data.Add(backend, nemesis);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cells))]
    public async Task A_run_of_containers_gives_the_verdict_kinds_of_the_local_runtime(string backend, string nemesis)
    {
        using var engine = await DockerDaemon.EngineAsync();
        var seed = nemesis == NemesisNames.Pause ? Seeds.HittingCandidates(NemesisNames.Pause, TimeSpan.FromSeconds(16)) : 7;
        var (run, results, history, dir) = await ContractRunTests.RunAsync(_store,
            "--runtime", "docker", "--backend", backend, "--nemesis", nemesis, "--ttl", "2s", "--nemesis-interval", "6s", "--time-limit", "16s",
            "--seed", seed.ToString(CultureInfo.InvariantCulture));

        var kinds = ContractRunTests.Kinds(results).ToList();
        Assert.True(run.ExitCode is 0 or 1, run.Out + run.Error);
        Assert.Contains(history.Operations, o => o is { F: "write", Outcome: Outcome.Ok });
        Assert.DoesNotContain("stale-write-accepted", kinds);
        Assert.DoesNotContain("token-reuse", kinds);
        switch (nemesis)
        {
            case "none":
            case "kill":
                Assert.True(run.ExitCode == 0, run.Out);
                break;
            case "pause":
                // A leader frozen past its lease wakes still believing it leads; fencing refuses its writes.
                Assert.Contains("stale-leader", kinds);
                // Its first act on waking may be a write or a job: fencing refuses whichever it is.
                Assert.True(results.GetProperty("fencing").GetProperty("writes_refused").GetInt64() + results.GetProperty("fencing").GetProperty("jobs_refused").GetInt64() > 0, run.Out);
                break;
        }

        if (nemesis != "none")
        {
            var fault = nemesis switch { "pause" => NemesisFunctions.Pause, "kill" => NemesisFunctions.Kill, _ => NemesisFunctions.Partition };
            Assert.Contains(history.Operations, o => o.F == fault.Start.Name && o.Outcome == Outcome.Ok);
            Assert.True(results.GetProperty("failover").GetProperty("count").GetInt32() >= 1, run.Out);
        }

        // Every program ran in a container of the run, and none is left.
        var runId = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "test.json"))).RootElement.GetProperty("run_id").GetString()!;
        Assert.Contains("/opt/electionjepsen/candidate/", await File.ReadAllTextAsync(Path.Combine(dir, "nodes", "c1", "candidate.log")), StringComparison.Ordinal);
        Assert.Empty(await engine.Api.ListContainersAsync(DockerLabels.RunFilter(runId), CancellationToken.None));
        Assert.Empty(await engine.Api.ListNetworksAsync(DockerLabels.RunFilter(runId), CancellationToken.None));
    }

    /// <summary>
    /// postgres on containers: the server's data folder made in its container by the image's
    /// own initdb and postgres user (not this machine's, whose uid the image does not share);
    /// killed, it is started again in the same container, finds its data (no second initdb,
    /// the grants' sequence goes on) and serves the candidates again.
    /// </summary>
    [SkippableFact]
    public async Task A_postgres_server_in_a_container_makes_its_own_data_and_keeps_it_across_a_kill()
    {
        using var engine = await DockerDaemon.EngineAsync();
        var seed = Seeds.HittingServers(NemesisNames.Kill, TimeSpan.FromSeconds(20));
        var (run, results, history, dir) = await ContractRunTests.RunAsync(_store,
            "--runtime", "docker", "--backend", "postgres", "--nemesis", "kill", "--ttl", "2s", "--nemesis-interval", "6s", "--time-limit", "20s",
            "--seed", seed.ToString(CultureInfo.InvariantCulture));

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        var restarts = ContractRunTests.Of(history, "nemesis")
            .Where(o => o.F == NemesisFunctions.Kill.Stop.Name && o.Outcome == Outcome.Ok && o.Output.ToJson()!.Contains("postgres on s1", StringComparison.Ordinal))
            .Select(o => o.CompleteTime).ToList();
        Assert.NotEmpty(restarts);
        Assert.Contains(history.Operations, o => o is { F: "acquire", Outcome: Outcome.Ok } && o.InvokeTime > restarts[0]);
        var log = await File.ReadAllTextAsync(Path.Combine(dir, "nodes", "s1", "postgres.log"));
        var starts = CountOf(log, "LOG:  starting PostgreSQL");
        Assert.True(starts >= 2, log);
        Assert.Equal(1, CountOf(log, "Success. You can now start the database server"));
        Assert.True(starts == CountOf(log, "database system is ready to accept connections"), log);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;

    /// <summary>
    /// A candidate of the contract on the docker runtime: its folder built on this machine and
    /// copied into an image with the packages its candidate.json names (python3-redis), its
    /// program started in a container of that image on every candidate host.
    /// </summary>
    [SkippableFact]
    public async Task A_candidate_of_the_contract_runs_from_an_image_of_its_folder()
    {
        using var engine = await DockerDaemon.EngineAsync();
        var (run, results, history, dir) = await ContractRunTests.RunAsync(_store,
            "--runtime", "docker", "--backend", "redis", "--candidate", TestSupport.Repository.Path("examples/redis-py-lock"), "--time-limit", "10s");

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.True(results.GetProperty("valid").GetBoolean(), run.Out);
        Assert.Contains(history.Operations, o => o is { F: "claim", Outcome: Outcome.Ok } && o.Output.Leader == true);
        Assert.Contains(history.Operations, o => o is { F: "write", Outcome: Outcome.Ok });

        // It campaigned on the server's address on the run's network of containers, not on a local host's.
        var log = await File.ReadAllTextAsync(Path.Combine(dir, "nodes", "c1", "candidate.log"));
        Assert.Contains("campaigning on redis ", log, StringComparison.Ordinal);
        Assert.DoesNotContain($"campaigning on redis {ElectionJepsen.Harness.Runtime.LocalNetwork.AddressPrefix}.", log, StringComparison.Ordinal);
        var image = ContractImage.Repository(ElectionJepsen.Harness.Candidates.CandidateManifest.Read(TestSupport.Repository.Path("examples/redis-py-lock")));
        Assert.NotNull(await engine.Api.InspectImageAsync($"{image}:latest", CancellationToken.None));
    }

    /// <summary>
    /// A candidate of the contract as an image of the user's (<c>--candidate-image</c>), here one
    /// made from ours whose ENTRYPOINT is a shell that keeps running beside the candidate (so
    /// the candidate is not the container's PID 1): its own command runs on every candidate
    /// host, a pause stops its whole process tree (the paused candidate answers nothing), and
    /// the clock nemesis is told it cannot reach it.
    /// </summary>
    [SkippableFact]
    public async Task A_users_own_image_is_a_candidate_its_whole_tree_paused()
    {
        using var engine = await DockerDaemon.EngineAsync();
        using (var said = new StringWriter())
        {
            await DockerImages.EnsureImagesAsync(engine, baseImage: null, said, Path.Combine(_store.Path, "images.log"), CancellationToken.None);
        }

        const string tag = "ej-test/user-candidate:1";
        using var context = new TempDir();
        await File.WriteAllTextAsync(Path.Combine(context.Path, "Dockerfile"),
            "FROM electionjepsen/candidate:latest\nWORKDIR /srv\nENTRYPOINT [\"sh\", \"-c\", \"/opt/electionjepsen/candidate/ElectionJepsen.Candidate; echo the candidate ended\"]\n");
        var built = await ElectionJepsen.Harness.Runtime.Exec.RunAsync("docker", ["build", "-q", "-t", tag, context.Path]);
        Assert.True(built.Ok, built.Out + built.Error);
        try
        {
            var seed = Seeds.HittingCandidates(NemesisNames.Pause, TimeSpan.FromSeconds(16));
            var (run, results, history, dir) = await ContractRunTests.RunAsync(_store,
                "--candidate-image", tag, "--backend", "redis", "--nemesis", "pause", "--ttl", "2s", "--nemesis-interval", "6s", "--time-limit", "16s",
                "--seed", seed.ToString(CultureInfo.InvariantCulture));

            Assert.True(run.ExitCode is 0 or 1, run.Out + run.Error);
            Assert.DoesNotContain("stale-write-accepted", ContractRunTests.Kinds(results));
            Assert.Contains(history.Operations, o => o is { F: "claim", Outcome: Outcome.Ok } && o.Output.Leader == true);

            // The candidate is the shell's child, not the container's PID 1: while its host was
            // paused it answered no status question, so the pause reached the whole tree.
            var nemesis = ContractRunTests.Of(history, "nemesis").ToList();
            var pause = nemesis.First(o => o.F == NemesisFunctions.Pause.Start.Name && o.Outcome == Outcome.Ok);
            var host = JsonDocument.Parse(pause.Output.ToJson()!).RootElement.GetProperty("host").GetString()!;
            var resumed = nemesis.First(o => o.F == NemesisFunctions.Pause.Stop.Name && o.InvokeTime > pause.CompleteTime).InvokeTime;
            var asked = ContractRunTests.Of(history, host)
                .Where(o => o.F == "claim" && o.InvokeTime > pause.CompleteTime + 1_000_000_000L && o.InvokeTime < resumed - 1_000_000_000L).ToList();
            Assert.NotEmpty(asked);
            Assert.DoesNotContain(asked, o => o.Outcome == Outcome.Ok);
            var test = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "test.json"))).RootElement;
            Assert.Equal("docker", test.GetProperty("runtime").GetString());
            Assert.Equal(tag, test.GetProperty("candidate").GetProperty("image").GetString());
            Assert.Equal(ElectionJepsen.Harness.Candidates.CandidateManifest.ImageClock, test.GetProperty("candidate").GetProperty("clock_unreachable").GetString());
            Assert.Contains("starting: sh -c", await File.ReadAllTextAsync(Path.Combine(dir, "nodes", "c1", "candidate.log")), StringComparison.Ordinal);
        }
        finally
        {
            await ElectionJepsen.Harness.Runtime.Exec.RunAsync("docker", ["rmi", "-f", tag]);
        }
    }

    [SkippableFact]
    public async Task An_image_the_engine_has_not_is_one_line_and_exit_64()
    {
        using var engine = await DockerDaemon.EngineAsync();

        var run = await HarnessRun.InProcessAsync("--candidate-image", "ej-test/no-such-image:0", "--store", _store.Path);

        Assert.Equal(64, run.ExitCode);
        Assert.StartsWith("error: --candidate-image ej-test/no-such-image:0: the Docker engine has no such image and could not pull it", run.Error, StringComparison.Ordinal);
    }

    /// <summary>
    /// A harness killed mid-run (SIGKILL: nothing of its own teardown runs) leaves its containers,
    /// its network and its namespaces' names; <c>cleanup</c> finds them by the run's label and
    /// name and removes them all.
    /// </summary>
    [SkippableFact]
    public async Task What_a_killed_run_left_in_docker_cleanup_removes()
    {
        using var engine = await DockerDaemon.EngineAsync();
        using var harness = HarnessRun.Start("--runtime", "docker", "--backend", "redis", "--nemesis", "pause", "--time-limit", "60s", "--store", _store.Path);
        while (await harness.StandardOutput.ReadLineAsync() is { } line && !line.Contains("candidates connected", StringComparison.Ordinal))
        {
        }

        var dir = Directory.EnumerateDirectories(_store.Path).Single(d => !d.EndsWith("latest", StringComparison.Ordinal));
        var runId = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(dir, "test.json"))).RootElement.GetProperty("run_id").GetString()!;
        harness.Kill();
        await harness.WaitForExitAsync();
        Assert.NotEmpty(await engine.Api.ListContainersAsync(DockerLabels.RunFilter(runId), CancellationToken.None));
        Assert.NotEmpty((await HarnessRun.HostsOfAsync(runId)).Namespaces);

        var cleanup = await HarnessRun.InProcessAsync("cleanup");

        Assert.True(cleanup.ExitCode == 0, cleanup.Out + cleanup.Error);
        Assert.Contains($"removed run {runId} from Docker", cleanup.Out, StringComparison.Ordinal);
        Assert.Empty(await engine.Api.ListContainersAsync(DockerLabels.RunFilter(runId), CancellationToken.None));
        Assert.Empty(await engine.Api.ListNetworksAsync(DockerLabels.RunFilter(runId), CancellationToken.None));
        Assert.Empty((await HarnessRun.HostsOfAsync(runId)).Namespaces);
    }

    /// <summary>
    /// The Docker daemon sets the root namespace's FORWARD policy to DROP; the local runtime's
    /// hosts meet on a bridge in a switch namespace of the run's own, whose FORWARD chain is its
    /// own, so a local run is untouched by it.
    /// </summary>
    [SkippableFact]
    public async Task A_local_run_is_valid_while_the_docker_daemon_drops_forwarded_packets_in_the_root_namespace()
    {
        using var engine = await DockerDaemon.EngineAsync();
        Assert.Contains("-P FORWARD DROP", await ElectionJepsen.Harness.Runtime.Exec.CheckedAsync("iptables", ["-w", "-S", "FORWARD"]), StringComparison.Ordinal);

        var (run, results, history, _) = await ContractRunTests.RunAsync(_store, "--backend", "redis", "--time-limit", "8s");

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.True(results.GetProperty("valid").GetBoolean());
        Assert.True(history.Operations.Count(o => o is { F: "write", Outcome: Outcome.Ok }) > 20, run.Out);
    }
}
