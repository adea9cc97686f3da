using ElectionJepsen.Harness.Run.Live;
using Spectre.Console.Testing;

namespace ElectionJepsen.Harness.Tests.Run.Live;

public sealed class LivePanelTests
{
    private static readonly LiveSnapshot Snapshot = new(
        "redis · nemesis pause · 3 candidates · seed 7",
        TimeSpan.FromSeconds(12.4),
        TimeSpan.FromSeconds(30),
        [new CandidateLine("c1", CandidateState.Leader, 4), new CandidateLine("c2", CandidateState.Follower), new CandidateLine("c3", CandidateState.Paused),
         new CandidateLine("c4", CandidateState.Killed), new CandidateLine("c5", CandidateState.NoAnswer), new CandidateLine("c6", CandidateState.Waiting)],
        "pause candidate on c3",
        1234,
        5,
        TimeSpan.FromMilliseconds(1500),
        56789,
        null,
        []);

    [Fact]
    public void The_panel_shows_the_time_each_candidate_the_fault_the_ledger_and_the_leaderless_time()
    {
        var text = Draw(Snapshot);

        Assert.Contains("redis · nemesis pause · 3 candidates · seed 7", text, StringComparison.Ordinal);
        Assert.Contains(new string('█', 17) + new string('░', 23) + " 12 s of 30 s", text, StringComparison.Ordinal);
        Assert.Matches(@"c1\s+│?\s*leader, token 4", text);
        Assert.Matches(@"c2\s+│?\s*follower", text);
        Assert.Matches(@"c3\s+│?\s*paused", text);
        Assert.Matches(@"c4\s+│?\s*killed", text);
        Assert.Matches(@"c5\s+│?\s*no answer", text);
        Assert.Matches(@"c6\s+│?\s*not asked yet", text);
        Assert.Matches(@"fault\s+pause candidate on c3", text);
        Assert.Matches(@"ledger\s+1,234 accepted, 5 refused", text);
        Assert.Matches(@"leaderless\s+1\.5 s so far \(live estimate", text);
        Assert.Matches(@"history\s+56,789 events", text);
        Assert.DoesNotContain("matrix", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_matrix_progress_is_drawn_above_the_panel()
    {
        var lines = Draw(Snapshot with { Matrix = new MatrixProgress(2, 6, "etcd", "partition", TimeSpan.FromSeconds(190), 0) }).Split('\n');

        Assert.Equal("matrix  run 2 of 6: etcd under partition, about 3 min 10 s left", lines[0].TrimEnd());
        Assert.StartsWith("╭", lines[1], StringComparison.Ordinal);
        Assert.Contains("time left known once the first run ends", Draw(Snapshot with { Matrix = new MatrixProgress(1, 6, "etcd", "none", null, 0) }), StringComparison.Ordinal);
    }

    [Fact]
    public void Brackets_in_names_faults_and_log_lines_are_printed_as_they_are()
    {
        var text = Draw(Snapshot with
        {
            Title = "[redis]",
            Fault = "partition [c1 c2] | [c3]",
            Candidates = [new CandidateLine("[c1]", CandidateState.Follower)],
            Log = ["while healing: [net] unreachable"],
        });

        Assert.Contains("[redis]", text, StringComparison.Ordinal);
        Assert.Contains("partition [c1 c2] | [c3]", text, StringComparison.Ordinal);
        Assert.Contains("[c1]", text, StringComparison.Ordinal);
        Assert.Contains("while healing: [net] unreachable", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(15, 20)]
    [InlineData(30, 40)]
    [InlineData(45, 40)]
    public void The_bar_fills_with_the_elapsed_time_and_stops_full(int seconds, int full)
    {
        var bar = LivePanel.Bar(TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(30));

        Assert.Equal(full, bar.Count(c => c == '█'));
        Assert.Equal(LivePanel.BarWidth - full, bar.Count(c => c == '░'));
    }

    private static string Draw(LiveSnapshot snapshot)
    {
        using var console = new TestConsole().Width(120);
        console.Write(LivePanel.Render(snapshot));
        return console.Output;
    }
}
