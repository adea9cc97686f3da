using System.Globalization;
using System.Text.Json;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Run.Compose;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Runtime.Docker;
using ElectionJepsen.Harness.Tests.Run.Contract;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.Harness.Tests.Runtime.Docker;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Run.Compose;

/// <summary>
/// Runs of a user's own compose project (tests/compose-sample/: a redis service and a leader
/// service of our candidate's image): brought up under the run's name, its containers the
/// run's hosts, a pause through the freezer, a killed replica followed into its new
/// namespace, and nothing of it left afterwards, also after the harness is killed. Against the machine's Docker daemon (skipped where none answers).
/// </summary>
[Collection(NamespacesCollection.Name)]
[Trait("Category", "Docker")]
public sealed class UserComposeRunTests : IDisposable
{
    private static readonly string Sample = Repository.Path(Path.Combine("tests", "compose-sample", "docker-compose.yml"));
    private readonly TempDir _store = new();

    public void Dispose() => _store.Dispose();

    [SkippableFact]
    public async Task A_paused_leader_of_a_users_project_is_frozen_and_wakes_stale_and_the_project_is_taken_down()
    {
        using var engine = await ImagesAsync();
        var seed = Seeds.HittingCandidates(NemesisNames.Pause, TimeSpan.FromSeconds(20));
        var (run, results, history, dir) = await ContractRunTests.RunAsync(_store,
            "--compose", Sample, "--candidate-service", "leader", "--backend", "redis", "--nemesis", "pause",
            "--time-limit", "20s", "--ttl", "2s", "--nemesis-interval", "6s", "--seed", seed.ToString(CultureInfo.InvariantCulture));

        Assert.True(run.ExitCode is 0 or 1, run.Out + run.Error);
        Assert.Contains("compose project ej-", run.Out, StringComparison.Ordinal);
        Assert.Contains(history.Operations, o => o is { F: "write", Outcome: Outcome.Ok });

        // The frozen leader lost its leadership to another; when it wakes believing it still
        // leads, the verdict is stale-leader (most runs), and fencing keeps its acts out.
        Assert.True(results.GetProperty("failover").GetProperty("count").GetInt32() >= 1, run.Out);
        Assert.All(ContractRunTests.Kinds(results), k => Assert.Equal("stale-leader", k));
        var pauses = (await File.ReadAllLinesAsync(Path.Combine(dir, "history.jsonl")))
            .Where(l => l.Contains($"\"f\":\"{NemesisFunctions.Pause.Start.Name}\"", StringComparison.Ordinal) && l.Contains("\"type\":\"ok\"", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(pauses);
        Assert.All(pauses, l => Assert.Contains("\"via\":\"freezer\"", l, StringComparison.Ordinal));
        Assert.Contains(pauses, l => l.Contains("\"role\":\"candidate\"", StringComparison.Ordinal) && l.Contains("\"leader\":true", StringComparison.Ordinal));
        await AssertNothingLeftAsync(engine, RunIdOf(dir));
    }

    /// <summary>
    /// A killed replica of the project is started again by the kill's heal, in a new network
    /// namespace: the run follows it there, so its status is asked and its ledger calls are
    /// served again, and the verdict (only candidates killed) is valid.
    /// </summary>
    [SkippableFact]
    public async Task A_killed_replica_comes_back_and_the_run_follows_it_into_its_new_namespace()
    {
        using var engine = await ImagesAsync();
        var seed = Seeds.HittingCandidates(NemesisNames.Kill, TimeSpan.FromSeconds(20));
        var (run, results, history, dir) = await ContractRunTests.RunAsync(_store,
            "--compose", Sample, "--candidate-service", "leader", "--backend", "redis", "--nemesis", "kill", "--nodes", "3",
            "--time-limit", "20s", "--ttl", "2s", "--nemesis-interval", "6s", "--seed", seed.ToString(CultureInfo.InvariantCulture));

        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.True(results.GetProperty("valid").GetBoolean());
        var came = System.Text.RegularExpressions.Regex.Match(run.Out, @"(c\d) \(leader #\d\) came back in a new network namespace: followed it there");
        Assert.True(came.Success, run.Out);
        var host = came.Groups[1].Value;

        // After the heal started it again: its status answered, and its calls reached the ledger.
        var restarted = ContractRunTests.Of(history, "nemesis")
            .First(o => o.F == NemesisFunctions.Kill.Stop.Name && o.Outcome == Outcome.Ok && o.Output.ToJson()!.Contains($"candidate on {host}", StringComparison.Ordinal))
            .CompleteTime;
        var after = ContractRunTests.Of(history, host).Where(o => o.InvokeTime > restarted).ToList();
        Assert.Contains(after, o => o is { F: "claim", Outcome: Outcome.Ok });
        Assert.Contains(after, o => o.F == "acquire");
        await AssertNothingLeftAsync(engine, RunIdOf(dir));
    }

    /// <summary>A harness killed mid-run leaves the project's containers and network, labelled with the run; the reaper (what cleanup and the next run call) takes them down.</summary>
    [SkippableFact]
    public async Task What_a_killed_harness_left_of_a_users_project_the_reaper_takes_down()
    {
        using var engine = await ImagesAsync();
        using var harness = HarnessRun.Start("--compose", Sample, "--candidate-service", "leader", "--backend", "redis", "--nemesis", "pause",
            "--nodes", "2", "--time-limit", "60s", "--ttl", "2s", "--store", _store.Path);
        while (await harness.StandardOutput.ReadLineAsync() is { } line && !line.Contains("answering their status", StringComparison.Ordinal))
        {
        }

        var dir = Directory.EnumerateDirectories(_store.Path).Single(d => !d.EndsWith("latest", StringComparison.Ordinal));
        var runId = RunIdOf(dir);
        harness.Kill();
        await harness.WaitForExitAsync();
        Assert.Equal(3, (await engine.Api.ListContainersAsync(DockerLabels.RunFilter(runId), CancellationToken.None)).Count);
        Assert.NotEmpty(await engine.Api.ListNetworksAsync(DockerLabels.RunFilter(runId), CancellationToken.None));

        // This run's alone: others' are left to their own harnesses.
        var reaped = await DockerReaper.ReapAsync(engine.Api, includeLive: false, id => id != runId, CancellationToken.None);
        await LocalNetwork.RemoveNamespacesAsync((await HarnessRun.HostsOfAsync(runId)).Namespaces);

        Assert.Equal(runId, Assert.Single(reaped).RunId);
        await AssertNothingLeftAsync(engine, runId);
    }

    [SkippableFact]
    public async Task A_candidate_service_with_a_fixed_container_name_is_one_line_and_exit_64()
    {
        using var engine = await DockerDaemon.EngineAsync();
        var file = Path.Combine(_store.Path, "docker-compose.yml");
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(Sample)).Replace("image: electionjepsen/candidate:latest", "image: electionjepsen/candidate:latest\n    container_name: the-leader", StringComparison.Ordinal));

        var run = await HarnessRun.InProcessAsync("--compose", file, "--candidate-service", "leader", "--backend", "redis", "--store", _store.Path);

        Assert.Equal(64, run.ExitCode);
        Assert.Equal("error: --candidate-service leader sets container_name (the-leader), so it cannot be scaled to several candidates: remove it", run.Error.Trim());
    }

    private static async Task<DockerEngine> ImagesAsync()
    {
        var engine = await DockerDaemon.EngineAsync();
        using var said = new StringWriter();
        await DockerImages.EnsureImagesAsync(engine, baseImage: null, said, Path.Combine(Path.GetTempPath(), "ej-compose-sample-images.log"), CancellationToken.None);
        return engine;
    }

    private static string RunIdOf(string dir) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "test.json"))).RootElement.GetProperty("run_id").GetString()!;

    private static async Task AssertNothingLeftAsync(DockerEngine engine, string runId)
    {
        Assert.Empty(await engine.Api.ListContainersAsync(DockerLabels.RunFilter(runId), CancellationToken.None));
        Assert.Empty(await engine.Api.ListContainersAsync(ComposeLabels.ReplicasFilter(UserProject.ProjectOf(runId)), CancellationToken.None));
        Assert.Empty(await engine.Api.ListNetworksAsync(DockerLabels.RunFilter(runId), CancellationToken.None));
        Assert.Empty((await HarnessRun.HostsOfAsync(runId)).Namespaces);
    }
}
