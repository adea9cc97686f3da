using System.Diagnostics;
using ElectionJepsen.Harness.Run.Compose;
using ElectionJepsen.Harness.Runtime.Docker;
using ElectionJepsen.Harness.Tests.Runtime.Docker;
using ElectionJepsen.TestSupport;
using ElectionJepsen.Workloads.Recipes;
using Xunit.Abstractions;

namespace ElectionJepsen.Harness.Tests.Run.Compose;

/// <summary>
/// The by-hand test of the compose file, automated: five replicas of the candidate elect one
/// leader; <c>docker restart</c> of the leader's container is followed by a leader again. The
/// times are written to the test's output. Against the machine's Docker daemon (skipped where
/// none answers); the images are found or built first, as the <c>images</c> verb does.
/// </summary>
[Trait("Category", "Docker")]
public sealed class ComposeProjectTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>
    /// <paramref name="kill"/> false: <c>docker restart</c>, which sends SIGTERM, and our
    /// candidate resigns before it exits. True: <c>docker kill</c> (SIGKILL, no word to anyone),
    /// then <c>docker start</c>: the leader's lease, lock or session must run out first.
    /// (<c>docker restart -t 0</c> is no kill: the SIGTERM still comes first, and a quick
    /// resignation often gets out before the SIGKILL.)
    /// </summary>
    /// <summary>Every push: the default backend restarted and etcd killed; <c>EJ_KNOWN_RESULTS=full</c> (the nightly): every backend of the file both ways.</summary>
    public static TheoryData<string, bool> Cases()
    {
        (string, bool)[] every = [(BackendNames.Redis, false), (BackendNames.Etcd, true)];
        (string, bool)[] rest =
        [
            (BackendNames.Redis, true), (BackendNames.Etcd, false), (BackendNames.ZooKeeper, false), (BackendNames.ZooKeeper, true),
            (BackendNames.Redlock, false), (BackendNames.Postgres, false), (BackendNames.Postgres, true),
        ];
        var data = new TheoryData<string, bool>();
        foreach (var (backend, kill) in Environment.GetEnvironmentVariable("EJ_KNOWN_RESULTS") == "full" ? [.. every, .. rest] : every) data.Add(backend, kill);
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task Five_replicas_elect_one_leader_and_a_restarted_leader_is_followed_by_a_leader_again(string backend, bool kill)
    {
        using var engine = await DockerDaemon.EngineAsync();
        await Packages.EnsureAsync(ComposeCli.Package);
        using var said = new StringWriter();
        await DockerImages.EnsureImagesAsync(engine, baseImage: null, said, Path.Combine(_dir.Path, "images.log"), CancellationToken.None);
        output.WriteLine(said.ToString());
        var project = new ComposeProject(engine, backend);
        try
        {
            var clock = Stopwatch.StartNew();
            await project.UpAsync(replicas: 5);
            var up = clock.Elapsed;
            Assert.Equal(5, (await project.ReplicasAsync()).Count);

            var first = await OneLeaderAsync(project, TimeSpan.FromSeconds(30));
            var elected = clock.Elapsed;

            var restart = Stopwatch.StartNew();
            var restarting = kill ? KillThenStartAsync(first.Container) : DockerAsync("restart", first.Container);
            var (lost, regained, next) = await LeaderAgainAsync(project, first, restarting, restart);
            await restarting;

            var who = next.Container == first.Container ? "the same replica, after it came back" : "another replica";
            var gap = lost == regained
                ? $"{who} led {regained.TotalSeconds:0.00} s after the restart began, no poll between finding none"
                : $"nobody led from {lost.TotalSeconds:0.00} s to {regained.TotalSeconds:0.00} s after the restart began ({(regained - lost).TotalSeconds:0.00} s leaderless), then {who} led";
            output.WriteLine($"{backend}, {(kill ? "docker kill, then docker start" : "docker restart")}: up in {up.TotalSeconds:0.0} s; one leader {(elected - up).TotalSeconds:0.0} s after; {gap} (polled every {Poll.TotalMilliseconds:0} ms)");
            Assert.True(regained - lost <= ComposeFile.Ttl + TimeSpan.FromSeconds(10), $"leaderless for {(regained - lost).TotalSeconds:0.0} s");
        }
        finally
        {
            await project.DisposeAsync();
            Assert.Equal(0, await project.ContainersAsync());
        }
    }

    /// <summary>Polls until exactly one replica answers that it leads.</summary>
    private static async Task<Replica> OneLeaderAsync(ComposeProject project, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        IReadOnlyList<Replica> leaders = [];
        while (clock.Elapsed < limit)
        {
            leaders = await project.LeadersAsync();
            if (leaders.Count == 1) return leaders[0];
            await Task.Delay(Poll);
        }

        throw new TimeoutException($"no single leader among the replicas within {limit.TotalSeconds:0} s (last seen: {leaders.Count} leaders)");
    }

    /// <summary>
    /// Polls from the restart on: when nobody led first, and when one replica led again after
    /// that (a new leader seen without a poll in between that found none is a gap of 0).
    /// Within the TTL and 10 s after the restart returned.
    /// </summary>
    private static async Task<(TimeSpan Lost, TimeSpan Regained, Replica Leader)> LeaderAgainAsync(ComposeProject project, Replica old, Task restarting, Stopwatch clock)
    {
        TimeSpan? lost = null;
        TimeSpan? restarted = null;
        while (restarted is null || clock.Elapsed - restarted < ComposeFile.Ttl + TimeSpan.FromSeconds(10))
        {
            if (restarted is null && restarting.IsCompleted) restarted = clock.Elapsed;
            var leaders = await project.LeadersAsync();
            var now = clock.Elapsed;
            if (leaders.Count == 0) lost ??= now;
            else if (leaders.Count == 1 && (lost is not null || leaders[0].Container != old.Container)) return (lost ?? now, now, leaders[0]);
            await Task.Delay(Poll);
        }

        throw new TimeoutException($"no leader again within {(ComposeFile.Ttl + TimeSpan.FromSeconds(10)).TotalSeconds:0} s of the restart");
    }

    private static async Task KillThenStartAsync(string container)
    {
        await DockerAsync("kill", container);
        await DockerAsync("start", container);
    }

    private static async Task DockerAsync(string verb, string container)
    {
        using var process = Process.Start(new ProcessStartInfo("docker", [verb, container]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"docker {verb} {container} exited {process.ExitCode}: {await error}");
    }
}
