using System.Text.Json.Nodes;
using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.Harness.Nemeses;

/// <summary>
/// <c>a+b</c>: several faults in force together, started in the order written, each
/// <paramref name="gap"/> after the one before (so that the first has taken effect: a
/// leader's renewals stalled, then a follower's clock jumped), healed together in reverse
/// order. Each part draws its choices from its own generator, seeded from the fault's. A
/// part that cannot start undoes the parts before it.
/// </summary>
public sealed class ComposedNemesis(IReadOnlyList<INemesis> parts, TimeSpan gap) : INemesis
{
    public const char Separator = '+';

    public string Name { get; } = string.Join(Separator, parts.Select(p => p.Name));

    public NemesisPair Functions => NemesisFunctions.Together(Name);

    public IReadOnlyList<INemesis> Parts => parts;

    /// <summary>The generators of the parts, drawn from the fault's own.</summary>
    public static IReadOnlyList<Random> PartRandoms(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => random.Next()).ToList().Select(seed => new Random(seed))];

    public async Task<JsonNode> StartAsync(Cluster cluster, Random random, CancellationToken cancel)
    {
        var randoms = PartRandoms(random, parts.Count);
        var done = new JsonObject { ["gap_ms"] = gap.TotalMilliseconds };
        for (var i = 0; i < parts.Count; i++)
        {
            try
            {
                if (i > 0) await Task.Delay(gap, cancel);
                done[parts[i].Name] = await parts[i].StartAsync(cluster, randoms[i], cancel);
            }
            catch (Exception e) when (i > 0)
            {
                // Not all of it could be put in force: undo what was, so the step is what it says (fail or info).
                foreach (var started in parts.Take(i).Reverse()) await started.HealAsync(cluster, CancellationToken.None);
                if (e is NemesisUnavailableException) throw new NemesisUnavailableException($"{parts[i].Name}: {e.Message} (the faults before it healed)");
                throw;
            }
        }

        return done;
    }

    public async Task<JsonNode> HealAsync(Cluster cluster, CancellationToken cancel)
    {
        var done = new JsonObject();
        var errors = new List<string>();
        foreach (var part in parts.Reverse())
        {
            try
            {
                done[part.Name] = await part.HealAsync(cluster, cancel);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                errors.Add($"{part.Name}: {e.Message}");
            }
        }

        if (errors.Count > 0) throw new InvalidOperationException($"healing {Name}: {string.Join("; ", errors)}");
        return done;
    }
}
