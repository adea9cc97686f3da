using ElectionJepsen.Reports.Html;
using ElectionJepsen.Reports.Store;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Reports.Tests;

public sealed class ComparisonPageTests : IDisposable
{
    private readonly TempDir _store = new();

    public void Dispose() => _store.Dispose();

    private void FillStore()
    {
        Fixtures.WriteRun(_store.Path, "20261123T100000-redis-pause", Fixtures.Quiet(), Later(Fixtures.TestJson("redis", "pause", seed: 1), "10:00"));
        Fixtures.WriteRun(_store.Path, "20261123T101500-redis-pause", Fixtures.PausedLeader(), Later(Fixtures.TestJson("redis", "pause", seed: 2), "10:15"));
        Fixtures.WriteRun(_store.Path, "20261123T102000-etcd-none", Fixtures.Quiet(), Later(Fixtures.TestJson("etcd", "none"), "10:20"));
        Fixtures.WriteRun(_store.Path, "20261123T102500-raft-partition+clock", Fixtures.PausedLeader(), Later(Fixtures.TestJson("raft", "partition+clock"), "10:25"));
        Directory.CreateDirectory(Path.Combine(_store.Path, "20261123T103000-redis-kill"));
        File.CreateSymbolicLink(Path.Combine(_store.Path, "latest"), "20261123T102500-raft-partition+clock");
    }

    private static TestJson Later(TestJson test, string time) =>
        test with { Started = DateTimeOffset.Parse($"2026-11-23T{time}:00Z", System.Globalization.CultureInfo.InvariantCulture) };

    [Fact]
    public void Every_run_is_compared_backends_by_nemeses_with_the_newest_run_of_each_cell_in_front()
    {
        FillStore();
        var (path, contents) = ComparisonPage.Write(_store.Path, Fixtures.Backends, Fixtures.Nemeses);
        Assert.Equal(Path.Combine(_store.Path, "index.html"), path);
        Assert.Equal(4, contents.Runs.Count);
        Assert.Equal("20261123T103000-redis-kill", Assert.Single(contents.Skipped).Name);
        var html = File.ReadAllText(path);
        var page = HtmlOutline.Parse(html);
        var matrix = page.Descendants().Single(e => e.Attributes.GetValueOrDefault("id") == "matrix");
        var rows = matrix.Descendants().Where(e => e.Tag == "tr").Skip(1).Select(r => r.Children[0].Text.ToString()).ToList();
        Assert.Equal(["redis", "etcd", "raft"], rows);
        var header = matrix.Descendants().Where(e => e.Tag == "th" && e.Attributes.GetValueOrDefault("scope") == "col").Select(e => e.Text.ToString()).ToList();
        Assert.Equal(["none", "pause", "partition+clock"], header);

        // The redis/pause cell shows its newest run (invalid, seed 2), and the earlier valid one as a dot.
        var cell = matrix.Descendants().Where(e => e.Tag == "tr").ElementAt(1).Children[2];
        Assert.Contains("invalid", cell.Attributes["class"]);
        Assert.Equal("20261123T101500-redis-pause/report.html", cell.Children[0].Attributes["href"]);
        var text = string.Join(" | ", cell.Descendants().Select(e => e.Text.ToString()));
        Assert.Contains("stale leaders 1, worst overlap", text);
        Assert.Contains("stale writes and jobs 0 accepted, 2 refused", text);
        Assert.Contains("failover p50 5.", text);
        Assert.Contains("1 earlier run (1 valid)", text);
        Assert.Contains(cell.Descendants(), e => e.Tag == "a" && e.Attributes.GetValueOrDefault("class") == "dot valid");

        var bars = page.Descendants().Single(e => e.Attributes.GetValueOrDefault("id") == "failover-chart").Descendants().Count(e => e.Attributes.GetValueOrDefault("class") == "bar");
        Assert.Equal(2, bars);
        GoldenFile.Verify(HtmlOutline.Of(html, s => s.Replace(_store.Path, "$STORE", StringComparison.Ordinal)), "comparison-page");
    }

    [Fact]
    public void An_empty_store_says_how_to_fill_it()
    {
        var (path, contents) = ComparisonPage.Write(_store.Path, Fixtures.Backends, Fixtures.Nemeses);
        Assert.Empty(contents.Runs);
        Assert.Contains("No runs yet", File.ReadAllText(path));
    }

    [Fact]
    public void A_run_with_unreadable_results_is_listed_as_not_compared_with_the_reason()
    {
        Fixtures.WriteRun(_store.Path, "20261123T101500-redis-pause", Fixtures.PausedLeader(), Fixtures.TestJson("redis", "pause"));
        File.WriteAllText(Path.Combine(_store.Path, "20261123T101500-redis-pause", "results.json"), "{\"valid\": tru");
        var (path, contents) = ComparisonPage.Write(_store.Path, Fixtures.Backends, Fixtures.Nemeses);
        var (name, why) = Assert.Single(contents.Skipped);
        Assert.Equal("20261123T101500-redis-pause", name);
        Assert.StartsWith("unreadable:", why);
        Assert.Contains("20261123T101500-redis-pause: unreadable:", HtmlOutline.Of(File.ReadAllText(path)));
    }
}
