using CsCheck;
using ElectionJepsen.Checkers.FencedLease;
using ElectionJepsen.Checkers.Linearizability;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Checkers.Tests.FencedLease;

/// <summary>
/// Violations planted into random valid histories: one of each kind, alone and in every pair,
/// and acts that are evidence of two kinds at once, alone and beside one of each kind. The
/// fast path must report exactly the planted kinds, each citing its planted operation among
/// its evidence lines, most damaging first; the search must agree on linearizability.
/// </summary>
public class PlantedViolationProperties
{
    private const int Iterations = 60;
    private static readonly SearchLimits Limits = SearchLimits.Default with { TimeLimit = TimeSpan.FromSeconds(20) };

    public static TheoryData<string, string?> KindsAndPairs()
    {
        var kinds = Plants.ByKind.Keys.ToList();
        var data = new TheoryData<string, string?>();
        for (var i = 0; i < kinds.Count; i++)
        {
            data.Add(kinds[i], null);
            for (var j = i + 1; j < kinds.Count; j++) data.Add(kinds[i], kinds[j]);
        }

        return data;
    }

    public static TheoryData<string, string?> OverlapsAloneAndBesideEachKind()
    {
        var data = new TheoryData<string, string?>();
        foreach (var overlap in Plants.Overlapping.Keys)
        {
            data.Add(overlap, null);
            foreach (var kind in Plants.ByKind.Keys) data.Add(overlap, kind);
        }

        return data;
    }

    [Fact]
    public void There_is_a_plant_for_every_kind_of_the_fast_path()
    {
        var named = ViolationKinds.MostDamagingFirst.Where(k => k != ViolationKinds.Nonlinearizable);
        Assert.Equal(named.Order(), Plants.ByKind.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(KindsAndPairs))]
    public void Every_planted_kind_is_found_with_its_evidence_and_nothing_else(string first, string? second) =>
        PlantAndCheck(Plants.ByKind[first], second is null ? null : Plants.ByKind[second]);

    [Theory]
    [MemberData(nameof(OverlapsAloneAndBesideEachKind))]
    public void An_act_that_is_two_violations_is_reported_as_both(string overlap, string? kind) =>
        PlantAndCheck(Plants.Overlapping[overlap], kind is null ? null : Plants.ByKind[kind]);

    private static void PlantAndCheck(Func<GeneratedHistory, Random, Planted?> one, Func<GeneratedHistory, Random, Planted?>? other)
    {
        var applied = 0;
        Gen.Int[0, 1_000_000].Sample(seed =>
        {
            var random = new Random(seed);
            var g = HistoryGenerator.Lease(seed, new GenOptions(3 + (seed % 3), 160) { Concurrency = 1 + (seed % 2) });
            var plants = other is null ? [one] : random.Next(2) == 0 ? new[] { one, other } : [other, one];
            var evidence = new List<(string Kind, GenOp Op)>();
            foreach (var plant in plants)
            {
                if (plant(g, random) is not { } planted) return;
                evidence.AddRange(planted.Evidence);
            }

            Interlocked.Increment(ref applied);
            var h = g.History();
            var r = FencedLeaseChecker.Check(h);
            var kinds = evidence.Select(e => e.Kind).Distinct().Order().ToList();
            var found = r.Violations.Select(v => v.Kind).Distinct().Order().ToList();
            Assert.True(found.SequenceEqual(kinds), $"seed {seed}: planted {string.Join(", ", kinds)}; found {string.Join("; ", r.Violations.Select(v => $"{v.Kind}: {v.Description}"))}");
            foreach (var (kind, op) in evidence)
            {
                var line = Plants.CompletionLine(g, op, h);
                Assert.True(r.Violations.Any(v => v.Kind == kind && v.Indices.Contains(line)), $"seed {seed}: no {kind} cites line {line}");
            }

            var ranks = r.Violations.Select(v => ViolationKinds.Severity(v.Kind)).ToList();
            Assert.True(ranks.SequenceEqual(ranks.Order()), $"seed {seed}: out of order: {string.Join(", ", r.Violations.Select(v => v.Kind))}");
            var linearizable = kinds.All(k => k == ViolationKinds.DuplicateJob);
            Assert.Equal(linearizable, FencedLeaseChecker.IsLinearizable(r));
            var search = LinearizabilityChecker.Check(h, FencedLeaseChecker.ModelName, Limits);
            Assert.True((search.Valid == Validity.True) == linearizable, $"seed {seed}: the search says {search.Valid}");
        }, iter: Iterations);

        Assert.True(applied >= Iterations / 3, $"the plants found a place in only {applied} of {Iterations} histories");
    }
}
