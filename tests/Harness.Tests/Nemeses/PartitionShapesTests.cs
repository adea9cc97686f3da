using ElectionJepsen.Harness.Nemeses.Partition;

namespace ElectionJepsen.Harness.Tests.Nemeses;

public class PartitionShapesTests
{
    private static readonly string[] Five = ["n1", "n2", "n3", "n4", "n5"];

    /// <summary>The groups of hosts that can all reach each other, given a grudge over these hosts.</summary>
    private static int Reach(Grudge g, string host) => Five.Count(other => other != host && !g.Cuts(host, other));

    [Fact]
    public void Bisect_puts_the_smaller_half_first()
    {
        var (a, b) = PartitionShapes.Bisect(Five);
        Assert.Equal(["n1", "n2"], a);
        Assert.Equal(["n3", "n4", "n5"], b);
    }

    [Fact]
    public void Halves_cut_two_against_three_completely()
    {
        var g = PartitionShapes.Make(PartitionShapes.Halves, Five, new Random(1));
        var reach = Five.Select(h => Reach(g, h)).Order().ToArray();
        Assert.Equal([1, 1, 2, 2, 2], reach);
        foreach (var a in Five)
        {
            foreach (var b in Five.Where(b => b != a)) Assert.Equal(g.Cuts(a, b), g.Drops.GetValueOrDefault(a)?.Contains(b) ?? false);
        }
    }

    [Fact]
    public void One_isolates_a_single_host()
    {
        var g = PartitionShapes.Make(PartitionShapes.One, Five, new Random(2));
        Assert.Equal([0, 3, 3, 3, 3], Five.Select(h => Reach(g, h)).Order());
    }

    [Fact]
    public void Isolate_leader_cuts_the_leader_from_everyone()
    {
        var g = PartitionShapes.Make(PartitionShapes.IsolateLeader, Five, new Random(3), leader: "n4");
        Assert.Equal(0, Reach(g, "n4"));
        Assert.All(Five.Where(h => h != "n4"), h => Assert.Equal(3, Reach(g, h)));
    }

    [Fact]
    public void Bridge_keeps_one_host_talking_to_both_halves()
    {
        var g = PartitionShapes.Make(PartitionShapes.Bridge, Five, new Random(4));
        var bridge = Assert.Single(Five, h => Reach(g, h) == 4);
        Assert.All(Five.Where(h => h != bridge), h => Assert.Equal(2, Reach(g, h)));
        Assert.False(g.Drops.ContainsKey(bridge));
    }

    [Fact]
    public void Majorities_ring_gives_every_host_a_different_majority()
    {
        var g = PartitionShapes.Make(PartitionShapes.MajoritiesRing, Five, new Random(5));
        var seen = Five.Select(h => string.Join(',', Five.Where(o => o == h || !g.Cuts(h, o)))).ToList();
        Assert.All(Five, h => Assert.Equal(2, Reach(g, h)));
        Assert.Equal(5, seen.Distinct().Count());
        Assert.All(Five, a => Assert.All(Five, b => Assert.Equal(g.Drops.GetValueOrDefault(a)?.Contains(b) ?? false, g.Drops.GetValueOrDefault(b)?.Contains(a) ?? false)));
    }

    [Theory]
    [InlineData(PartitionShapes.One)]
    [InlineData(PartitionShapes.Halves)]
    [InlineData(PartitionShapes.MajoritiesRing)]
    [InlineData(PartitionShapes.Bridge)]
    public void The_same_seed_gives_the_same_grudge(string shape)
    {
        var a = PartitionShapes.Make(shape, Five, new Random(42)).ToString();
        var b = PartitionShapes.Make(shape, Five, new Random(42)).ToString();
        Assert.Equal(a, b);
        var others = Enumerable.Range(0, 20).Select(s => PartitionShapes.Make(shape, Five, new Random(s)).ToString()).Distinct().Count();
        Assert.True(others > 1, "different seeds should give different grudges");
    }

    [Fact]
    public void Unknown_shape_says_which_shapes_there_are()
    {
        var e = Assert.Throws<ArgumentException>(() => PartitionShapes.Make("triangle", Five, new Random(0)));
        Assert.Contains("isolate-leader, one, halves, majorities-ring, bridge", e.Message, StringComparison.Ordinal);
    }
}
