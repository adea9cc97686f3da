using ElectionJepsen.Harness.Nemeses;

namespace ElectionJepsen.Harness.Tests.Run;

/// <summary>
/// Seeds whose nemesis schedules, as planned, set up the scenario a test is about (the
/// leader candidate paused rather than a server, say). Each fault draws its choices from its
/// own seed, so a schedule can be read before any run; seeds are tried from 1 upwards.
/// </summary>
internal static class Seeds
{
    /// <summary>Faults that aim at the server that leads (a server a third of the time, then its leader every other time).</summary>
    public static int HittingTheServerLeader(string nemesis) =>
        Matching(nemesis, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(20), f => new Random(f.Seed) is var r && r.NextDouble() < 0.3 && r.Next(1 << 20) % 2 == 0).First();

    /// <summary>
    /// Faults of <c>partition+clock</c> that all move a follower's clock forward: the clock
    /// part's own generator (the second drawn from the fault's) picks "another candidate"
    /// (2 of 3) and then a bump forward (below 0.35), as the clock nemesis draws.
    /// </summary>
    public static int JumpingAFollowersClockForward(TimeSpan interval, TimeSpan timeLimit, int skip = 0) =>
        Matching("partition+clock", interval, timeLimit, f => ComposedNemesis.PartRandoms(new Random(f.Seed), 2)[1] is var r && r.Next(3) == 2 && r.NextDouble() < 0.35).Skip(skip).First();

    /// <summary>Faults (one every 6 s) that aim at a server: the nemesis's first draw below 0.3.</summary>
    public static int HittingServers(string nemesis, TimeSpan timeLimit) =>
        Matching(nemesis, TimeSpan.FromSeconds(6), timeLimit, f => new Random(f.Seed).NextDouble() < 0.3).First();

    /// <summary>Faults (one every 6 s) that aim at candidates, not at a server: the nemesis draws its target with the fault's own seed, first a number that sends it to a server below 0.3.</summary>
    public static int HittingCandidates(string nemesis, TimeSpan? timeLimit = null, int skip = 0) =>
        Matching(nemesis, TimeSpan.FromSeconds(6), timeLimit ?? TimeSpan.FromSeconds(26), f => new Random(f.Seed).NextDouble() >= 0.3).Skip(skip).First();

    /// <summary>
    /// Faults of <c>delay</c> that slow most of the first <paramref name="servers"/> hosts (the
    /// servers come first): the delay nemesis draws, host by host in order, a coin that slows it.
    /// </summary>
    public static int SlowingMostServers(int servers, TimeSpan interval, TimeSpan timeLimit, int skip = 0) =>
        Matching(NemesisNames.Delay, interval, timeLimit, f => new Random(f.Seed) is var r && Enumerable.Range(0, servers).Count(_ => r.Next(2) == 0) > servers / 2).Skip(skip).First();

    /// <summary>The seeds, in order, whose every fault, as the schedule plans it, satisfies <paramref name="wanted"/>.</summary>
    private static IEnumerable<int> Matching(string nemesis, TimeSpan interval, TimeSpan timeLimit, Func<NemesisStep, bool> wanted)
    {
        for (var seed = 1; seed < int.MaxValue; seed++)
        {
            if (NemesisSchedule.Plan(seed, [nemesis], interval, timeLimit).Where(s => s.IsFault).All(wanted)) yield return seed;
        }
    }
}
