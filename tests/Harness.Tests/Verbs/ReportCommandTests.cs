using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Verbs;

public class ReportCommandTests
{
    /// <summary>A run directory as a run leaves it: history, test.json, and the results and report that check writes.</summary>
    private static Task AddRun(TempDir store, string name, string backend, string nemesis, string started, HistoryBuilder history) =>
        AddRun(store.Path, name, backend, nemesis, started, history);

    private static async Task AddRun(string store, string name, string backend, string nemesis, string started, HistoryBuilder history)
    {
        var dir = Path.Combine(store, name);
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

    /// <summary>Two hosts' stores: each ran redis under pause in a directory of the same name, host B later; host A also ran etcd.</summary>
    private static async Task<(string A, string B)> TwoHosts(TempDir root)
    {
        var a = Path.Combine(root.Path, "host-a");
        var b = Path.Combine(root.Path, "host-b");
        await AddRun(a, "20261123T100000-redis-pause", "redis", "pause", "2026-11-23T10:00:00Z", new HistoryBuilder().Acquire(0, 10, "c1", 1).Claim(20, 30, "c1", 1));
        await AddRun(b, "20261123T100000-redis-pause", "redis", "pause", "2026-11-23T10:05:00Z", new HistoryBuilder().Acquire(0, 10, "c1", 1).Acquire(20, 30, "c2", 2).Claim(40, 50, "c1", 1));
        await AddRun(a, "20261123T090000-etcd-none", "etcd", "none", "2026-11-23T09:00:00Z", new HistoryBuilder().Acquire(0, 10, "c1", 1).Claim(20, 30, "c1", 1));
        return (a, b);
    }

    [Fact]
    public async Task Report_merges_several_stores_into_one_page_in_out_leaving_the_stores_pages_alone()
    {
        using var root = new TempDir();
        var (a, b) = await TwoHosts(root);
        var merged = Path.Combine(root.Path, "merged");
        var run = await HarnessRun.InProcessAsync("report", a, b, "--out", merged);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"compared  {Path.Combine(merged, "index.html")}: 3 runs in 2 cells of 2 stores, 1 superseded", run.Out.Trim());
        Assert.False(File.Exists(Path.Combine(a, "index.html")));
        Assert.False(File.Exists(Path.Combine(b, "index.html")));

        // Host B's run is the later of the twins: it is the cell's, host A's is superseded by it.
        var page = File.ReadAllText(Path.Combine(merged, "index.html"));
        Assert.Contains("href=\"../host-b/20261123T100000-redis-pause/report.html\">INVALID</a>", page, StringComparison.Ordinal);
        Assert.Contains("superseded by <a href=\"../host-b/20261123T100000-redis-pause/report.html\">", page, StringComparison.Ordinal);
        Assert.Contains("href=\"../host-a/20261123T100000-redis-pause/report.html\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_out_the_page_of_several_stores_is_written_in_the_first()
    {
        using var root = new TempDir();
        var (a, b) = await TwoHosts(root);
        var run = await HarnessRun.InProcessAsync("report", b, a);
        Assert.Equal(0, run.ExitCode);
        var page = File.ReadAllText(Path.Combine(b, "index.html"));
        Assert.Contains("href=\"20261123T100000-redis-pause/report.html\">INVALID</a>", page, StringComparison.Ordinal);
        Assert.Contains("href=\"../host-a/20261123T090000-etcd-none/report.html\">valid</a>", page, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(a, "index.html")));
    }

    [Fact]
    public async Task A_store_without_runs_among_several_is_a_usage_error_in_one_line_and_nothing_is_written()
    {
        using var root = new TempDir();
        var (a, _) = await TwoHosts(root);
        var empty = Path.Combine(root.Path, "empty");
        Directory.CreateDirectory(Path.Combine(empty, "not-a-run"));
        var run = await HarnessRun.InProcessAsync("report", a, empty, "--out", Path.Combine(root.Path, "merged"));
        Assert.Equal(64, run.ExitCode);
        Assert.Equal($"error: no run in {empty}: a store holds a directory per run, with its test.json and results.json (was the store copied whole?)", run.Error.Trim());
        Assert.False(Directory.Exists(Path.Combine(root.Path, "merged")));
        Assert.False(File.Exists(Path.Combine(a, "index.html")));
    }

    [Fact]
    public async Task A_missing_store_among_several_is_a_usage_error_in_one_line()
    {
        using var root = new TempDir();
        var (a, b) = await TwoHosts(root);
        var missing = Path.Combine(root.Path, "host-c");
        var run = await HarnessRun.InProcessAsync("report", a, missing, b);
        Assert.Equal(64, run.ExitCode);
        Assert.Equal($"error: no store at {missing}: give the directory runs write to (run's --store, by default ./store)", run.Error.Trim());
        Assert.False(File.Exists(Path.Combine(a, "index.html")));
    }

    [Fact]
    public async Task An_out_that_cannot_be_made_is_exit_73_naming_the_page()
    {
        using var root = new TempDir();
        var (a, b) = await TwoHosts(root);
        var file = Path.Combine(root.Path, "a-file");
        File.WriteAllText(file, "x");
        var run = await HarnessRun.InProcessAsync("report", a, b, "--out", file);
        Assert.Equal(73, run.ExitCode);
        Assert.StartsWith($"error: cannot merge the stores into {Path.Combine(file, "index.html")}: ", run.Error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_store_named_twice_is_its_own_page_as_before()
    {
        using var root = new TempDir();
        var (a, _) = await TwoHosts(root);
        var run = await HarnessRun.InProcessAsync("report", a, a + "/");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"compared  {Path.Combine(a, "index.html")}: 2 runs in 2 cells", run.Out.Trim());
        Assert.DoesNotContain("superseded", File.ReadAllText(Path.Combine(a, "index.html")), StringComparison.Ordinal);
    }
}
