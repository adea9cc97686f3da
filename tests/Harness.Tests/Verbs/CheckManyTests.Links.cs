namespace ElectionJepsen.Harness.Tests.Verbs;

/// <summary>Histories reached by more than one name: a store's latest link, a file given twice.</summary>
public sealed partial class CheckManyTests
{
    [Fact]
    public async Task A_store_is_checked_a_run_once_though_latest_links_to_one_of_them()
    {
        Invalid("store/20261123T101500-redis-partition/history.jsonl");
        Valid("store/20261124T101500-redis-kill/history.jsonl");
        Directory.CreateSymbolicLink(File("store/latest"), "20261124T101500-redis-kill");

        var run = await HarnessRun.InProcessAsync("check", File("store"), File("store/latest/history.jsonl"), "--jobs", "2");

        Assert.Equal(1, run.ExitCode);
        var lines = Lines(run.Out);
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"redis-partition/history\.jsonl +INVALID", lines[0]);
        Assert.Matches(@"redis-kill/history\.jsonl +valid$", lines[1]);
        Assert.Matches(@"^checked   2 histories in .+: 1 INVALID, 1 valid;", lines[2]);
        Assert.True(System.IO.File.Exists(File("store/20261124T101500-redis-kill/results.json")));
    }

    [Fact]
    public async Task A_history_given_by_a_link_to_the_file_is_read_and_checked_once_with_its_target()
    {
        var target = Invalid("d/a.jsonl");
        System.IO.File.CreateSymbolicLink(File("e/b.jsonl"), target);

        var run = await HarnessRun.InProcessAsync("check", File("e/b.jsonl"), File("d"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("checked   1 history in", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"e/b\.jsonl +INVALID", run.Out);
    }
}
