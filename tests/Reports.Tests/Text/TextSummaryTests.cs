using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Reports.Text;

namespace ElectionJepsen.Reports.Tests.Text;

public sealed class TextSummaryTests
{
    private const string Hostile = "c1\u001b]0;pwned\u0007\nverdict   valid";

    private static readonly HistorySummary Summary = new(4, 2, [Hostile, "c2"]);

    private static string Written(Action<TextWriter> write)
    {
        using var o = new StringWriter();
        write(o);
        return o.ToString();
    }

    private static CheckResult Invalid() => new(Validity.False, "fenced-lease", Summary,
    [
        new Violation(ViolationKinds.StaleLeader, $"k\r{Hostile}", [Hostile, "c2"], [7, 8], [5, 3], 10, $"{Hostile} claimed leadership 7 after c2 was granted 8"),
    ]);

    [Fact]
    public void Strings_from_the_history_are_escaped_and_each_line_stays_one_line()
    {
        var text = Written(o => TextSummary.Write(o, Invalid() with { Warnings = ["line 9 is torn: \u001b[31m"] }, "h\n.jsonl", "/tmp/r\u001b.json"));

        Assert.DoesNotContain('\u001b', text);
        Assert.DoesNotContain('\u0007', text);
        Assert.DoesNotContain('\r', text);
        Assert.Contains(@"c1\u001b]0;pwned\u0007\nverdict   valid claimed leadership 7", text, StringComparison.Ordinal);
        Assert.Contains(@"stale-leader [k\rc1\u001b]0;pwned", text, StringComparison.Ordinal);
        Assert.Contains(@"history   h\n.jsonl:", text, StringComparison.Ordinal);
        Assert.Contains(@"warning   line 9 is torn: \u001b[31m", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), l => l.StartsWith("verdict", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_reason_is_escaped()
    {
        var text = Written(o => TextSummary.Write(o, new CheckResult(Validity.Unknown, "mutex", Summary, []) { UnknownReason = "why\nnot" }, "h.jsonl", null));

        Assert.Contains(@"verdict   unknown: why\nnot", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_per_history_gives_the_count_and_kinds_of_violations()
    {
        var text = Written(o => TextSummary.Line(o, "runs/a.jsonl", Invalid(), null, 16));

        Assert.Equal("runs/a.jsonl      INVALID: 1 violation (stale-leader)" + Environment.NewLine, text);
    }

    [Theory]
    [InlineData(Validity.True, null, "valid")]
    [InlineData(Validity.Unknown, "nothing to judge", "unknown: nothing to judge")]
    public void A_line_per_history_gives_the_verdict(Validity valid, string? reason, string says)
    {
        var text = Written(o => TextSummary.Line(o, "h.jsonl", new CheckResult(valid, "mutex", Summary, []) { UnknownReason = reason }, null));

        Assert.Equal($"h.jsonl  {says}{Environment.NewLine}", text);
    }

    private static CheckResult PartlyJudged(Validity valid) => new CheckResult(valid, "fenced-lease", Summary, valid == Validity.False ? Invalid().Violations : [])
    {
        Checks =
        [
            new JudgedCheck(ViolationKinds.StaleLeader, Coverage.All),
            new JudgedCheck(ViolationKinds.TokenReuse, Coverage.None, "no operation carried a token"),
            new JudgedCheck(ViolationKinds.TokenRegression, Coverage.None, "no operation carried a token"),
        ],
    };

    [Fact]
    public void A_valid_history_that_was_not_fully_judged_is_never_simply_valid()
    {
        var text = Written(o => TextSummary.Write(o, PartlyJudged(Validity.True), "h.jsonl", null));
        var line = Written(o => TextSummary.Line(o, "h.jsonl", PartlyJudged(Validity.True), null));

        Assert.Contains("verdict   valid (partly judged: token-reuse, token-regression not judged: no operation carried a token)" + Environment.NewLine, text, StringComparison.Ordinal);
        Assert.DoesNotContain("no violation", text, StringComparison.Ordinal);
        Assert.Equal("h.jsonl  valid (partly judged: token-reuse, token-regression not judged: no operation carried a token)" + Environment.NewLine, line);
    }

    [Fact]
    public void An_invalid_history_that_was_not_fully_judged_says_so_under_its_verdict()
    {
        var lines = Written(o => TextSummary.Write(o, PartlyJudged(Validity.False), "h.jsonl", null)).Split(Environment.NewLine);

        var verdict = Array.FindIndex(lines, l => l.StartsWith("verdict", StringComparison.Ordinal));
        Assert.Equal("verdict   INVALID: 1 violation", lines[verdict]);
        Assert.Equal("judged    in part: token-reuse, token-regression not judged: no operation carried a token", lines[verdict + 1]);
    }

    [Fact]
    public void A_fully_judged_valid_history_says_no_violation()
    {
        var text = Written(o => TextSummary.Write(o, new CheckResult(Validity.True, "fenced-lease", Summary, []) { Checks = [new JudgedCheck(ViolationKinds.StaleLeader, Coverage.All)] }, "h.jsonl", null));

        Assert.Contains("verdict   valid: no violation", text, StringComparison.Ordinal);
        Assert.DoesNotContain("judged", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_history_without_a_verdict_shows_its_problem_escaped_on_one_line()
    {
        var text = Written(o => TextSummary.Line(o, "bad\u001b.jsonl", null, "malformed: line 3: \"c1\n\u001b[2J\" is not a type"));

        Assert.Equal(@"bad\u001b.jsonl  malformed: line 3: ""c1\n\u001b[2J"" is not a type" + Environment.NewLine, text);
    }

    [Fact]
    public void A_problem_after_a_verdict_follows_it_on_the_same_line()
    {
        var text = Written(o => TextSummary.Line(o, "h.jsonl", Invalid(), "cannot write the results /r: permission denied"));

        Assert.Equal("h.jsonl  INVALID: 1 violation (stale-leader); cannot write the results /r: permission denied" + Environment.NewLine, text);
    }

    [Fact]
    public void Totals_count_each_outcome_that_happened_and_the_time()
    {
        var text = Written(o => TextSummary.Totals(o, 3, [("INVALID", 2), ("unknown", 0), ("valid", 1)], TimeSpan.FromMilliseconds(1500), 12));

        Assert.Equal("checked   3 histories in 1.5 s: 2 INVALID, 1 valid; the searches took 12 ms in all" + Environment.NewLine, text);
    }
}
