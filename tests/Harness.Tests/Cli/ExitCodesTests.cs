using ElectionJepsen.Checkers.Checking;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Tests.Cli;

public sealed class ExitCodesTests
{
    public static TheoryData<Exception, int, string, bool> Failures() => new()
    {
        { new UsageException("--ttl must be positive"), 64, "error: --ttl must be positive", false },
        { new HistoryDataException("line 3: not JSON"), 65, "malformed history: line 3: not JSON", false },
        { new PrerequisiteException("redis-server is not installed"), 69, "missing prerequisite: redis-server is not installed", false },
        { new CandidateFailedException("building sample: ./gradlew jar: exited 1; it printed nothing"), 69, "candidate failed: building sample: ./gradlew jar: exited 1; it printed nothing", false },
        { new OutputException("cannot write the results /r.json: permission denied"), 73, "error: cannot write the results /r.json: permission denied", false },
        { new OperationCanceledException(), 2, "cancelled", false },
        { new NotReadyException("redis on s1 did not listen on 6379"), 70, "error: redis on s1 did not listen on 6379", false },
        { new CheckersDisagreeException("the checkers disagree"), 70, "internal error: the checkers disagree", true },
        { new InvalidOperationException("the ledger went away"), 70, "internal error: the ledger went away", true },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failure_maps_to_its_exit_code_and_one_line(Exception e, int code, string line, bool defect)
    {
        Assert.Equal((code, line, defect), ExitCodes.Describe(e));
        Assert.Equal(code, ExitCodes.For(e));
    }

    [Fact]
    public void A_message_quoting_a_history_stays_one_line_without_control_characters()
    {
        var (_, line, _) = ExitCodes.Describe(new HistoryDataException("line 2: process \"c1\u001b[2J\r\nok\" twice"));

        Assert.Equal(@"malformed history: line 2: process ""c1\u001b[2J\r\nok"" twice", line);
    }

    [Fact]
    public void A_candidates_failure_shows_each_line_of_its_output_on_its_own_line_escaped()
    {
        var (code, line, defect) = ExitCodes.Describe(new CandidateFailedException("building x: make: exited 2; its output:\n  cc: error\u001b[2J\r\n  make: *** [all] Error 1"));

        Assert.Equal((69, false), (code, defect));
        Assert.Equal(["candidate failed: building x: make: exited 2; its output:", @"  cc: error\u001b[2J\r", "  make: *** [all] Error 1"], line.Split('\n'));
    }

    [Theory]
    [InlineData(new[] { 0, 2, 0 }, 2)]
    [InlineData(new[] { 2, 65, 0 }, 65)]
    [InlineData(new[] { 65, 1, 2 }, 1)]
    [InlineData(new[] { 1, 73, 65 }, 73)]
    [InlineData(new[] { 73, 70, 1 }, 70)]
    [InlineData(new[] { 64, 1 }, 1)]
    [InlineData(new[] { 65, 64 }, 65)]
    [InlineData(new[] { 2, 64, 0 }, 64)]
    [InlineData(new[] { 64, 69 }, 69)]
    [InlineData(new[] { 69, 65 }, 65)]
    [InlineData(new[] { 70, 73, 1, 65, 69, 64, 2, 0 }, 70)]
    [InlineData(new[] { 73, 99 }, 99)]
    [InlineData(new int[0], 0)]
    public void The_worst_code_ranks_internal_output_invalid_malformed_prerequisite_usage_unknown_valid(int[] codes, int worst) =>
        Assert.Equal(worst, ExitCodes.Worst(codes));
}
