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
        { new OperationCanceledException(), 2, "cancelled", false },
        { new NotReadyException("redis on s1 did not listen on 6379"), 70, "error: redis on s1 did not listen on 6379", false },
        { new InvalidOperationException("the ledger went away"), 70, "internal error: the ledger went away", true },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void A_failure_maps_to_its_exit_code_and_one_line(Exception e, int code, string line, bool defect)
    {
        Assert.Equal((code, line, defect), ExitCodes.Describe(e));
        Assert.Equal(code, ExitCodes.For(e));
    }
}
