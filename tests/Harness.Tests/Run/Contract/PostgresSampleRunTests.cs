using System.Globalization;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Tests.Runtime;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Harness.Tests.Run.Contract;

/// <summary>
/// The sample on DistributedLock.Postgres (examples/aspnet-distributedlock-postgres), built and
/// run by the harness: valid without faults; with its leader paused, the lock hangs with it.
/// </summary>
[Collection(NamespacesCollection.Name)]
public sealed class PostgresSampleRunTests() : SampleTests("aspnet-distributedlock-postgres")
{
    /// <summary>
    /// Its paused leader's session runs DistributedLock's monitoring query, or sits idle, and
    /// its kernel answers keepalives: the server keeps it, and the lock with it. Nobody else is
    /// granted the lock (the run sees no change of leader), and nobody leads for about as long
    /// as the pause lasts: the checker's longest time without a leader acting is no shorter
    /// than most of the 6 s pause.
    /// </summary>
    [SkippableFact]
    public async Task The_sample_is_valid_without_faults_and_its_lock_hangs_with_its_paused_leader()
    {
        var (run, results, history, _) = await RunAsync("postgres", "--ttl", "2s", "--time-limit", "10s");
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.False(results.GetProperty("fully_judged").GetBoolean());
        Assert.Contains(history.Operations, o => o is { F: "acquire", Outcome: Outcome.Ok });
        Assert.Contains(history.Operations, o => o is { F: "claim", Outcome: Outcome.Ok } && o.Output.Leader == true);
        Assert.True(history.Operations.Count(o => o is { F: "write", Outcome: Outcome.Ok }) > 30, "writes accepted");

        var seed = Seeds.HittingCandidates(NemesisNames.Pause, TimeSpan.FromSeconds(14));
        (run, results, history, _) = await RunAsync("postgres", "--nemesis", "pause", "--ttl", "2s", "--nemesis-interval", "6s",
            "--time-limit", "14s", "--seed", seed.ToString(CultureInfo.InvariantCulture));
        Assert.True(run.ExitCode == 0, run.Out + run.Error);
        Assert.Equal(0, results.GetProperty("failover").GetProperty("count").GetInt32());
        Assert.Single(history.Operations, o => o is { F: "acquire", Outcome: Outcome.Ok });
        var pause = PauseLength(history);
        var withoutLeader = results.GetProperty("without_leader").GetProperty("longest_ms").GetDouble() / 1000;
        Assert.InRange(withoutLeader, pause.TotalSeconds * 0.8, pause.TotalSeconds + 2);
    }

    /// <summary>From the first pause to the resume that follows it, as the nemesis recorded them.</summary>
    internal static TimeSpan PauseLength(HistoryT history)
    {
        var ops = history.Operations;
        var pause = ops.First(o => o is { F: "pause", Outcome: Outcome.Ok });
        var resume = ops.First(o => o is { F: "resume", Outcome: Outcome.Ok } && o.InvokeTime > pause.CompleteTime);
        return TimeSpan.FromTicks((resume.InvokeTime - pause.CompleteTime) / 100);
    }
}
