using ElectionJepsen.Checkers.Checking;
using ElectionJepsen.Checkers.FencedLease;
using ElectionJepsen.Checkers.History;
using HistoryT = ElectionJepsen.Checkers.History.History;
using ElectionJepsen.Checkers.Linearizability;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Checkers.Tests.Checking;

public sealed class ComposedCheckerTests
{
    private static readonly SearchLimits Limits = new(TimeSpan.FromSeconds(10), 64L << 20);

    public static TheoryData<string> Models() => [.. LinearizabilityChecker.ModelNames];

    [Theory]
    [MemberData(nameof(Models))]
    public void A_history_with_no_line_is_unknown_with_nothing_to_judge(string model)
    {
        var result = ComposedChecker.Check(HistoryT.Read(new MemoryStream()), new CheckSettings(model, Limits));

        Assert.Equal(Validity.Unknown, result.Valid);
        Assert.Equal(ComposedChecker.NothingToJudge, result.UnknownReason);
        Assert.Equal(model, result.Model);
        Assert.Empty(result.Violations);
    }

    [Fact]
    public void A_history_of_events_only_is_unknown_and_still_counts_its_lines()
    {
        var history = new HistoryBuilder().Note(0, "nemesis", "partition").Note(10, "c1", "lost-lease").Build();

        var result = ComposedChecker.Check(history, new CheckSettings(FencedLeaseChecker.ModelName, Limits));

        Assert.Equal((Validity.Unknown, ComposedChecker.NothingToJudge), (result.Valid, result.UnknownReason));
        Assert.Equal((2L, 0L), (result.History.Events, result.History.Operations));
    }

    [Fact]
    public void A_single_operation_is_enough_to_judge()
    {
        var history = new HistoryBuilder().Acquire(0, 10, "c1", 1).Build();

        var result = ComposedChecker.Check(history, new CheckSettings(FencedLeaseChecker.ModelName, Limits));

        Assert.Equal(Validity.True, result.Valid);
        Assert.Null(result.UnknownReason);
    }

    [Fact]
    public void Fenced_lease_keeps_the_fast_paths_violations_and_the_searchs_report()
    {
        var history = new HistoryBuilder().Acquire(0, 10, "c1", 7).Acquire(20, 30, "c2", 8).Claim(40, 50, "c1", 7).Build();

        var result = ComposedChecker.Check(history, new CheckSettings(FencedLeaseChecker.ModelName, Limits));

        Assert.Equal(Validity.False, result.Valid);
        Assert.Equal(ViolationKinds.StaleLeader, Assert.Single(result.Violations).Kind);
        Assert.Equal(Validity.False, result.Search!.Valid);
        Assert.NotNull(result.Fencing);
    }

    [Fact]
    public void Without_the_search_fenced_lease_is_the_fast_paths_alone()
    {
        var history = new HistoryBuilder().Acquire(0, 10, "c1", 1).Claim(20, 30, "c1", 1).Build();

        var result = ComposedChecker.Check(history, new CheckSettings(FencedLeaseChecker.ModelName, Limits, Search: false));

        Assert.Equal(Validity.True, result.Valid);
        Assert.Null(result.Search);
    }

    [Fact]
    public void Other_models_are_the_searchs_verdict()
    {
        var history = new HistoryBuilder { Key = "r" }
            .Invoke(0, "p1", "write", OpValue.FromJson("1")).Ok(10, "p1", "write")
            .Invoke(20, "p2", "read").Ok(30, "p2", "read", OpValue.FromJson("2"))
            .Build();

        var result = ComposedChecker.Check(history, new CheckSettings("register", Limits));

        Assert.Equal(Validity.False, result.Valid);
        Assert.Equal("register", result.Model);
        Assert.NotNull(result.Search);
    }
}
