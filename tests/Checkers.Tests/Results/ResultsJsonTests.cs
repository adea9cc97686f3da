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
    public void Checks_are_written_with_whether_everything_was_judged_and_read_back()
    {
        var result = new CheckResult(Validity.True, "fenced-lease", new HistorySummary(4, 2, ["c1"]), [])
        {
            Checks =
            [
                new JudgedCheck(ViolationKinds.StaleLeader, Coverage.Some, "no claim carried a token: judged only from the real-time order of the reported grants"),
                new JudgedCheck(ViolationKinds.TokenReuse, Coverage.None, "no operation carried a token"),
                new JudgedCheck(ViolationKinds.DuplicateJob, Coverage.All),
            ],
        };
        using var stream = new MemoryStream();
        ResultsJson.Write(result, stream);

        var json = (JsonObject)JsonNode.Parse(stream.ToArray())!;
        Assert.False(json["fully_judged"]!.GetValue<bool>());
        Assert.Equal(["some", "none", "all"], json["checks"]!.AsArray().Select(c => c!["ran"]!.GetValue<string>()));
        Assert.Equal("no operation carried a token", json["checks"]![1]!["why"]!.GetValue<string>());
        Assert.Null(json["checks"]![2]!["why"]);
        var read = ResultsJson.Read(json);
        Assert.Equal(result.Checks, read.Checks);
        Assert.False(read.FullyJudged);
    }

    [Fact]
    public void A_file_without_checks_reads_as_fully_judged_and_an_unknown_coverage_as_none()
    {
        Assert.True(ResultsJson.Read((JsonObject)JsonNode.Parse("""{"valid": true}""")!).FullyJudged);

        var read = ResultsJson.Read((JsonObject)JsonNode.Parse("""{"valid": true, "checks": [{"check": "token-reuse", "ran": "most"}, {"ran": "all"}, 3]}""")!);

        Assert.Equal([new JudgedCheck("token-reuse", Coverage.None)], read.Checks);
        Assert.False(read.FullyJudged);
    }

    /// <summary>A window of up to a day of history time, in whole nanoseconds (as the checker gives it).</summary>
    private static LeaderlessWindow Gap(Random r)
    {
        var from = r.NextInt64(0, 86_400_000_000_000);
        return new LeaderlessWindow(r.Next(2) == 0 ? "leader" : "k" + r.Next(100), from, from + r.NextInt64(0, 86_400_000_000_000));
    }

    [Fact]
    public void The_longest_time_without_a_leader_reads_back_only_when_it_is_a_window_of_history_time()
    {
        static LeaderlessWindow? Read(string gap) => ResultsJson.Read((JsonObject)JsonNode.Parse($$"""{"valid": true, "without_leader": {{gap}}}""")!).LongestWithoutLeader;

        Assert.Equal(new LeaderlessWindow("leader", 1_500_000_000, 7_500_000_000), Read("""{"longest_ms": 6000, "key": "leader", "from_ms": 1500, "to_ms": 7500}"""));
        Assert.Equal(new LeaderlessWindow(string.Empty, 0, 1), Read("""{"from_ms": 0, "to_ms": 0.000001}"""));
        Assert.Null(Read("""{"from_ms": 7500, "to_ms": 1500}"""));
        Assert.Null(Read("""{"from_ms": -1, "to_ms": 1500}"""));
        Assert.Null(Read("""{"from_ms": 0, "to_ms": 1e300}"""));
        Assert.Null(Read("""{"from_ms": "soon", "to_ms": 1500}"""));
        Assert.Null(Read("7"));
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
            LongestWithoutLeader = r.Next(2) == 0 ? null : Gap(r),
            Search = r.Next(2) == 0 ? null : new SearchReport(AnyValidity(), r.NextInt64(0, long.MaxValue), r.NextInt64(0, long.MaxValue), r.Next(2) == 0 ? null : Word())
            {
                Operations = r.NextInt64(0, long.MaxValue),
                Failure = r.Next(2) == 0 ? null : AnyViolation(),
            },
            UnknownReason = valid == Validity.Unknown ? Word() : null,
            Warnings = Words(),
            Checks = [.. Enumerable.Range(0, r.Next(4)).Select(_ => new JudgedCheck(Word(), (Coverage)r.Next(3), r.Next(2) == 0 ? null : Word()))],
        };
    }
}
