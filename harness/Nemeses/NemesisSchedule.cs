namespace ElectionJepsen.Harness.Nemeses;

/// <summary>One step of the schedule: at <see cref="At"/>, start a fault of <see cref="Nemesis"/> or heal it.</summary>
public sealed record NemesisStep(int Index, TimeSpan At, string Nemesis, bool IsFault, int Seed);

/// <summary>
/// The nemesis schedule: fault and heal alternate every interval, the nemesis of each fault
/// drawn from a generator seeded by the run's seed, and each fault given its own seed for
/// its choices (shape, target, offset), so that the same seed gives the same schedule
/// whatever happened earlier in the run.
/// </summary>
public static class NemesisSchedule
{
    public static IEnumerable<NemesisStep> Plan(int seed, IReadOnlyList<string> nemeses, TimeSpan interval, TimeSpan duration)
    {
        if (nemeses.Count == 0) yield break;
        var random = new Random(seed);
        var at = interval;
        var index = 0;
        while (at < duration)
        {
            var nemesis = nemeses[random.Next(nemeses.Count)];
            var faultSeed = random.Next();
            yield return new NemesisStep(index++, at, nemesis, true, faultSeed);
            at += interval;
            if (at >= duration) yield break;
            yield return new NemesisStep(index++, at, nemesis, false, faultSeed);
            at += interval;
        }
    }
}
