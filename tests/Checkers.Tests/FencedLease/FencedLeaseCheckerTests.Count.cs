using ElectionJepsen.Checkers.Results;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Checkers.Tests.FencedLease;

/// <summary>Who is a token's first user, and what a violation's count stands for.</summary>
public partial class FencedLeaseCheckerTests
{
    [Fact]
    public void A_tokens_first_user_is_the_first_to_complete_with_it_though_invoked_later()
    {
        var v = Only(Check(new HistoryBuilder()
            .Acquire(0, 50, "c2", 7)
            .Acquire(10, 20, "c1", 7)), ViolationKinds.TokenReuse);
        Assert.Equal(["c1", "c2"], v.Processes);
        Assert.Equal([2L, 3L], v.Indices);
        Assert.StartsWith("c1 and c2 both used token 7: c2 was granted 7 (line 4) after c1 was granted it (line 3)", v.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void The_count_of_token_reuse_is_the_second_processs_operations_with_the_token()
    {
        var v = Only(Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 7)
            .Acquire(20, 30, "c2", 7)
            .Claim(40, 50, "c2", 7)
            .Claim(60, 70, "c2", 7)), ViolationKinds.TokenReuse);
        Assert.Equal(3, v.Count);
    }

    [Fact]
    public void The_count_of_a_duplicate_job_is_its_runs_beyond_the_first_and_the_text_says_so()
    {
        var r = Check(new HistoryBuilder()
            .Acquire(0, 10, "c1", 7)
            .Job(12, 14, "c1", 1, 7)
            .Acquire(20, 30, "c2", 8)
            .Job(32, 34, "c2", 1, 8)
            .Job(42, 44, "c2", 1, 8));
        var v = Only(r, ViolationKinds.DuplicateJob);
        Assert.Equal(2, v.Count);
        Assert.Contains("job slot 1 ran 3 times (2 beyond the first)", v.Description, StringComparison.Ordinal);
    }
}
