using ElectionJepsen.Checkers.History;
using ElectionJepsen.TestSupport;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Checkers.Tests.History;

public class HistoryPairingTests
{
    [Fact]
    public void Invoke_pairs_with_the_next_completion_of_its_process()
    {
        var h = new HistoryBuilder()
            .Invoke(0, "c1", "acquire", OpValue.Null)
            .Invoke(1, "c2", "acquire", OpValue.Null)
            .Fail(2, "c2", "acquire", "held")
            .Ok(3, "c1", "acquire", OpValue.FromToken(4))
            .Note(4, "c1", "became-leader")
            .Build();
        Assert.Equal(2, h.Operations.Length);
        var c1 = h.Operations[0];
        Assert.Equal((Outcome.Ok, 0L, 3L, 3L), (c1.Outcome, c1.InvokeIndex, c1.CompleteIndex, c1.CompleteTime));
        Assert.Equal(4, c1.Output.Token);
        Assert.Equal((Outcome.Fail, "held"), (h.Operations[1].Outcome, h.Operations[1].Error));
        Assert.Single(h.Notes);
        Assert.Equal(5, h.EventCount);
    }

    [Fact]
    public void Info_and_still_open_operations_are_indeterminate()
    {
        var h = new HistoryBuilder()
            .Invoke(0, "c1", "claim").Info(5, "c1", "claim")
            .Invoke(6, "c2", "acquire", OpValue.Null)
            .Build();
        Assert.All(h.Operations, o => Assert.Equal(Outcome.Info, o.Outcome));
        Assert.False(h.Operations[0].IsOpen);
        Assert.True(h.Operations[1].IsOpen);
        Assert.Equal(long.MaxValue, h.Operations[1].ReturnTime);
        Assert.Equal(long.MaxValue, h.Operations[0].ReturnTime);
    }

    [Fact]
    public void Second_invoke_while_one_is_open_is_a_data_error_naming_both_lines()
    {
        var e = Assert.Throws<HistoryDataException>(() => new HistoryBuilder()
            .Invoke(0, "c1", "acquire").Invoke(1, "c2", "claim").Invoke(2, "c1", "claim").Build());
        Assert.Equal(3, e.Line);
        Assert.Contains("line 1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Completion_without_an_open_invoke_is_a_data_error()
    {
        var e = Assert.Throws<HistoryDataException>(() => new HistoryBuilder()
            .Invoke(0, "c1", "acquire").Ok(1, "c2", "acquire").Build());
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Completion_of_another_function_or_key_is_a_data_error()
    {
        Assert.Equal(2, Assert.Throws<HistoryDataException>(() => new HistoryBuilder()
            .Invoke(0, "c1", "acquire").Ok(1, "c1", "release").Build()).Line);
        Assert.Equal(2, Assert.Throws<HistoryDataException>(() => new HistoryBuilder()
            .Invoke(0, "c1", "acquire", key: "a").Ok(1, "c1", "acquire", key: "b").Build()).Line);
    }

    [Fact]
    public void Precedence_is_strict_in_time()
    {
        var h = new HistoryBuilder()
            .Claim(0, 10, "c1", null)
            .Claim(10, 12, "c2", null)
            .Claim(11, 13, "c1", null)
            .Build();
        var (a, b, c) = (h.Operations[0], h.Operations[1], h.Operations[2]);
        Assert.False(a.Precedes(b));
        Assert.True(a.Precedes(c));
        Assert.False(b.Precedes(c));
    }

    [Fact]
    public void Load_reads_a_file_and_reports_a_torn_last_line()
    {
        using var dir = new TempDir();
        var path = new HistoryBuilder().Acquire(0, 5, "c1", 3).WriteTo(dir.File("history.jsonl"));
        File.AppendAllText(path, "{\"index\":2,\"ti");
        var h = HistoryT.Load(path);
        Assert.Single(h.Operations);
        Assert.Equal(3, h.Torn?.Line);
    }
}
