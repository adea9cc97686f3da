namespace ElectionJepsen.Harness.Nemeses.Partition;

/// <summary>The partition shapes of <c>--nemesis partition</c>, as Jepsen defines them.</summary>
public static class PartitionShapes
{
    public const string IsolateLeader = "isolate-leader";
    public const string One = "one";
    public const string Halves = "halves";
    public const string MajoritiesRing = "majorities-ring";
    public const string Bridge = "bridge";

    public static IReadOnlyList<string> All { get; } = [IsolateLeader, One, Halves, MajoritiesRing, Bridge];

    /// <summary>The grudge of a shape over <paramref name="nodes"/>; <paramref name="leader"/> is the current leader's host, if known.</summary>
    public static Grudge Make(string shape, IReadOnlyList<string> nodes, Random random, string? leader = null) => shape switch
    {
        IsolateLeader when leader is not null && nodes.Contains(leader) => Grudge.Complete([[leader], [.. nodes.Where(n => n != leader)]]),
        IsolateLeader or One => SplitOne(Shuffle(nodes, random)),
        Halves => Grudge.Complete(BisectList(Shuffle(nodes, random))),
        MajoritiesRing => Ring(Shuffle(nodes, random)),
        Bridge => BridgeOf(Shuffle(nodes, random)),
        _ => throw new ArgumentException($"unknown partition shape \"{shape}\"; the shapes are {string.Join(", ", All)}", nameof(shape)),
    };

    /// <summary>Cuts a list in two, the smaller half first: [1 2 3 4 5] gives [1 2] and [3 4 5].</summary>
    public static (IReadOnlyList<string> First, IReadOnlyList<string> Second) Bisect(IReadOnlyList<string> nodes)
    {
        var half = nodes.Count / 2;
        return ([.. nodes.Take(half)], [.. nodes.Skip(half)]);
    }

    private static IReadOnlyList<string>[] BisectList(IReadOnlyList<string> nodes)
    {
        var (a, b) = Bisect(nodes);
        return [a, b];
    }

    private static Grudge SplitOne(IReadOnlyList<string> nodes) => Grudge.Complete([[nodes[0]], [.. nodes.Skip(1)]]);

    /// <summary>Two halves, and the first node of the larger one keeps talking to both.</summary>
    private static Grudge BridgeOf(IReadOnlyList<string> nodes)
    {
        var (a, b) = Bisect(nodes);
        var bridge = b[0];
        return Grudge.Complete([a, [.. b.Skip(1)]]).Where((x, y) => x != bridge && y != bridge);
    }

    /// <summary>
    /// Every node sees a majority centred on itself in a shuffled ring, and no two nodes see
    /// the same majority (Jepsen's "perfect" majorities ring).
    /// </summary>
    private static Grudge Ring(IReadOnlyList<string> ring)
    {
        var n = ring.Count;
        var m = (n / 2) + 1;
        var g = new Grudge();
        for (var start = 0; start < n; start++)
        {
            var window = Enumerable.Range(0, m).Select(i => ring[(start + i) % n]).ToList();
            var centre = window[m / 2];
            foreach (var other in ring.Except(window)) g.Drop(centre, other);
        }

        return g;
    }

    private static IReadOnlyList<string> Shuffle(IReadOnlyList<string> nodes, Random random)
    {
        var copy = nodes.ToArray();
        random.Shuffle(copy);
        return copy;
    }
}
