using ElectionJepsen.Checkers.History;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Checkers.Tests.History;

public class HistoryLinesTests
{
    [Fact]
    public void Lines_are_split_at_lf_only_so_a_bare_cr_keeps_later_lines_in_place()
    {
        using var dir = new TempDir();
        var path = dir.File("h.jsonl", "{\"index\":0,\r\"a\":1}\r\n{\"index\":1}\n{\"index\":2}");
        var lines = HistoryLines.Read(path, new HashSet<long> { 0, 1, 2 }, 2000);
        Assert.Equal("{\"index\":0,\r\"a\":1}", lines[0].Text);
        Assert.Equal("{\"index\":1}", lines[1].Text);
        Assert.Equal("{\"index\":2}", lines[2].Text);
        Assert.False(lines[2].Truncated);
    }

    [Fact]
    public void Only_wanted_lines_are_returned_and_long_ones_are_cut()
    {
        using var dir = new TempDir();
        var path = dir.File("h.jsonl", "a\n" + new string('é', 100_000) + "\nc\nd\n");
        var lines = HistoryLines.Read(path, new HashSet<long> { 1, 3, 9 }, 50);
        Assert.Equal([1L, 3L], lines.Keys.Order());
        Assert.Equal(new string('é', 50), lines[1].Text);
        Assert.True(lines[1].Truncated);
        Assert.Equal("d", lines[3].Text);
    }
}
