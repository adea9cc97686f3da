using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Verbs;

public class ReportCommandTests
{
    /// <summary>A run directory as a run leaves it: history, test.json, and the results and report that check writes.</summary>
    private static async Task AddRun(TempDir store, string name, string backend, string nemesis, string started, HistoryBuilder history)
    {
        var dir = Path.Combine(store.Path, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "test.json"), $$"""{"backend":"{{backend}}","nemesis":["{{nemesis}}"],"seed":7,"started":"{{started}}"}""");
        var check = await HarnessRun.InProcessAsync("check", history.WriteTo(Path.Combine(dir, "history.jsonl")), "--search", "off");
        Assert.True(check.ExitCode is 0 or 1, check.Error);
    }

    [Fact]
    public async Task Report_rewrites_the_comparison_page_of_every_run_in_the_store()
    {
        using var store = new TempDir();
        await AddRun(store, "20261123T100100-redis-pause", "redis", "pause", "2026-11-23T10:01:00Z", new HistoryBuilder().Acquire(0, 10, "c1", 1).Acquire(20, 30, "c2", 2).Claim(40, 50, "c1", 1));
        await AddRun(store, "20261123T100000-etcd-kill", "etcd", "kill", "2026-11-23T10:00:00Z", new HistoryBuilder().Acquire(0, 10, "c1", 1).Claim(20, 30, "c1", 1));
        var run = await HarnessRun.InProcessAsync("report", store.Path);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"compared  {Path.Combine(store.Path, "index.html")}: 2 runs in 2 cells", run.Out.Trim());
        var page = File.ReadAllText(Path.Combine(store.Path, "index.html"));
        Assert.Contains("href=\"20261123T100100-redis-pause/report.html\">INVALID</a>", page, StringComparison.Ordinal);
        Assert.Contains("href=\"20261123T100000-etcd-kill/report.html\">valid</a>", page, StringComparison.Ordinal);

        // The backends come in the harness's order (redis before etcd), not the alphabet's,
        // the directories' or the start times' (etcd's run is the earlier by both).
        var redis = page.IndexOf("<th scope=\"row\">redis", StringComparison.Ordinal);
        var etcd = page.IndexOf("<th scope=\"row\">etcd", StringComparison.Ordinal);
        Assert.True(redis >= 0 && etcd >= 0, "a backend's row is missing");
        Assert.True(redis < etcd, "etcd's row came first");
    }

    [Fact]
    public async Task A_store_that_does_not_exist_is_a_usage_error_in_one_line()
    {
        using var dir = new TempDir();
        var missing = Path.Combine(dir.Path, "nowhere");
        var run = await HarnessRun.InProcessAsync("report", missing);
        Assert.Equal(64, run.ExitCode);
        Assert.Equal($"error: no store at {missing}: give the directory runs write to (run's --store, by default ./store)", run.Error.Trim());
        Assert.False(Directory.Exists(missing));
    }
}
