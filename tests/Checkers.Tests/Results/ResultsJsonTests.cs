using System.Text.Json.Nodes;
using CsCheck;
using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Checkers.Tests.Results;

public sealed class ResultsJsonTests
{
    [Fact]
    public void A_result_written_then_read_gives_the_same_values()
    {
        Gen.Int.Sample(seed =>
        {
            var random = new Random(seed);
            var result = RandomResult(random);
            using var stream = new MemoryStream();
            ResultsJson.Write(result, stream);

            var read = ResultsJson.Read((JsonObject)JsonNode.Parse(stream.ToArray())!);

            Assert.Equivalent(result, read, strict: true);
        }, iter: 300);
    }

    [Fact]
    public void A_file_from_elsewhere_reads_with_defaults_for_what_it_lacks()
    {
        var read = ResultsJson.Read((JsonObject)JsonNode.Parse("""
            {"valid": "perhaps", "violations": [{"kind": "stale-leader", "overlap_ns": 12.7}, {"count": 3}, 7],
             "failover": {"count": 2, "p50_ms": "fast"}, "fencing": {"writes_refused": 4}}
            """)!);

        Assert.Equal(Validity.Unknown, read.Valid);
        Assert.Equal(["stale-leader", "?", "?"], read.Violations.Select(v => v.Kind));
        Assert.Equal(new long?[] { 12, null, null }, read.Violations.Select(v => v.OverlapNs));
        Assert.Equal([1, 3, 1], read.Violations.Select(v => v.Count));
        Assert.Equal(new FailoverStats(2, 0, 0, 0, 0, 0), read.Failover);
        Assert.Equal(new FencingStats(4, 0), read.Fencing);
        Assert.Null(read.Search);
    }

    [Fact]
    public void A_file_that_is_not_an_object_is_refused()
    {
        using var dir = new ElectionJepsen.TestSupport.TempDir();
        Assert.Throws<System.Text.Json.JsonException>(() => ResultsJson.Read(dir.File(ResultsJson.FileName, "[1, 2]")));
    }

    /// <summary>Letters of every sort the writer escapes or keeps: markup, quotes, non-ASCII, a line separator, a backslash.</summary>
    private const string Letters = "ab<\"é\u2028\\ -+";

    private static CheckResult RandomResult(Random r)
    {
        Validity AnyValidity() => (Validity)r.Next(3);
        string Word() => new([.. Enumerable.Range(0, r.Next(0, 8)).Select(_ => Letters[r.Next(Letters.Length)])]);
        IReadOnlyList<string> Words() => [.. Enumerable.Range(0, r.Next(4)).Select(_ => Word())];
        double Ms() => Math.Round(r.NextDouble() * 1e5, r.Next(7));
        Violation AnyViolation() => new(
            ViolationKinds.MostDamagingFirst[r.Next(ViolationKinds.MostDamagingFirst.Count)], Word(), Words(),
            [.. Enumerable.Range(0, r.Next(3)).Select(_ => r.NextInt64(long.MinValue, long.MaxValue))],
            [.. Enumerable.Range(0, r.Next(3)).Select(_ => r.NextInt64(0, long.MaxValue))],
            r.Next(2) == 0 ? null : r.NextInt64(0, long.MaxValue), Word())
        {
            Count = r.Next(1, 1000),
        };

        var valid = AnyValidity();
        return new CheckResult(valid, Word(), new HistorySummary(r.NextInt64(0, long.MaxValue), r.NextInt64(0, long.MaxValue), Words()), [.. Enumerable.Range(0, r.Next(4)).Select(_ => AnyViolation())])
        {
            Failover = r.Next(2) == 0 ? null : new FailoverStats(r.Next(0, int.MaxValue), Ms(), Ms(), Ms(), Ms(), Ms()),
            Fencing = r.Next(2) == 0 ? null : new FencingStats(r.NextInt64(0, long.MaxValue), r.NextInt64(0, long.MaxValue)),
            Search = r.Next(2) == 0 ? null : new SearchReport(AnyValidity(), r.NextInt64(0, long.MaxValue), r.NextInt64(0, long.MaxValue), r.Next(2) == 0 ? null : Word())
            {
                Operations = r.NextInt64(0, long.MaxValue),
                Failure = r.Next(2) == 0 ? null : AnyViolation(),
            },
            UnknownReason = valid == Validity.Unknown ? Word() : null,
            Warnings = Words(),
        };
    }
}
