using System.Globalization;
using ElectionJepsen.Reports.Html;
using ElectionJepsen.Reports.Store;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Reports.Tests;

/// <summary>The comparison page over several stores: the stores of two hosts, merged.</summary>
public sealed class ComparisonPageStoresTests : IDisposable
{
    private const string Twin = "20261123T100000-redis-pause";

    private readonly TempDir _root = new();

    public void Dispose() => _root.Dispose();

    private string HostA => Path.Combine(_root.Path, "host-a", "store");

    private string HostB => Path.Combine(_root.Path, "host-b", "store");

    private static TestJson At(TestJson test, string time) =>
        test with { Started = DateTimeOffset.Parse($"2026-11-23T{time}:00Z", CultureInfo.InvariantCulture) };

    /// <summary>
    /// Two hosts ran redis under pause in a directory of the same name: host A's run (valid)
    /// started at 10:00, host B's (invalid) at 10:20. Host A also ran raft under
    /// partition+clock, host B etcd with no fault.
    /// </summary>
    private void FillStores()
    {
        Fixtures.WriteRun(HostA, Twin, Fixtures.Quiet(), At(Fixtures.TestJson("redis", "pause", seed: 1), "10:00"));
        Fixtures.WriteRun(HostB, Twin, Fixtures.PausedLeader(), At(Fixtures.TestJson("redis", "pause", seed: 2), "10:20"));
        Fixtures.WriteRun(HostA, "20261123T102500-raft-partition+clock", Fixtures.PausedLeader(), At(Fixtures.TestJson("raft", "partition+clock"), "10:25"));
        Fixtures.WriteRun(HostB, "20261123T090000-etcd-none", Fixtures.Quiet(), At(Fixtures.TestJson("etcd", "none"), "09:00"));
    }

    private static List<Element> RunsRows(Element page) =>
        [.. page.Descendants().Single(e => e.Attributes.GetValueOrDefault("id") == "runs").Descendants().Where(e => e.Tag == "tr").Skip(1)];

    /// <summary>The run's name in a row of the list of every run: the text of the link in its first cell.</summary>
    private static string Name(Element row) => row.Children[0].Children[0].Text.ToString();

    [Fact]
    public void The_newest_run_of_a_cell_across_stores_wins_and_the_other_is_listed_as_superseded()
    {
        FillStores();
        var merged = Path.Combine(_root.Path, "merged");
        var (path, contents) = ComparisonPage.Write([HostA, HostB], merged, Fixtures.Backends, Fixtures.Nemeses);

        Assert.Equal(Path.Combine(merged, "index.html"), path);
        Assert.Equal(4, contents.Runs.Count);
        var page = HtmlOutline.Parse(File.ReadAllText(path));
        Assert.Contains("2 stores (", page.Descendants().First(e => e.Tag == "p" && e.Attributes.GetValueOrDefault("class") == "meta").Text.ToString());

        // The redis/pause cell: host B's run (the later one, invalid), then host A's as an earlier dot.
        var matrix = page.Descendants().Single(e => e.Attributes.GetValueOrDefault("id") == "matrix");
        var redis = matrix.Descendants().Where(e => e.Tag == "tr").Single(r => r.Children[0].Text.ToString() == "redis");
        var cell = redis.Children[2];
        Assert.Contains("invalid", cell.Attributes["class"]);
        Assert.Equal($"../host-b/store/{Twin}/report.html", cell.Children[0].Attributes["href"]);
        Assert.Contains(cell.Descendants(), e => e.Attributes.GetValueOrDefault("class") == "meta" && e.Text.ToString().EndsWith($"from {HostB}", StringComparison.Ordinal));
        var dot = Assert.Single(cell.Descendants(), e => e.Tag == "a" && e.Attributes.GetValueOrDefault("class") == "dot valid");
        Assert.Equal($"../host-a/store/{Twin}/report.html", dot.Attributes["href"]);
        Assert.Equal($"{Twin} (from {HostA}): valid", dot.Attributes["title"]);

        // The list of every run: both twins, each with its store; host A's superseded by host B's.
        var rows = RunsRows(page);
        Assert.Equal(4, rows.Count);
        var twins = rows.Where(r => Name(r) == Twin).ToList();
        Assert.Equal(2, twins.Count);
        Assert.Equal(HostB, twins[0].Children[1].Text.ToString());
        Assert.Equal("shown", twins[0].Children[2].Text.ToString());
        Assert.Equal(HostA, twins[1].Children[1].Text.ToString());
        Assert.Equal("superseded", twins[1].Children[2].Attributes["class"]);
        Assert.StartsWith("superseded by", twins[1].Children[2].Text.ToString(), StringComparison.Ordinal);
        Assert.Contains($"(from {HostB})", twins[1].Children[2].Text.ToString(), StringComparison.Ordinal);
        var by = Assert.Single(twins[1].Children[2].Children);
        Assert.Equal($"../host-b/store/{Twin}/report.html", by.Attributes["href"]);
        Assert.Equal(3, rows.Count(r => r.Children[2].Text.ToString() == "shown"));
    }

    [Theory]
    [InlineData("merged")]
    [InlineData("host-a/store")]
    [InlineData("host-b/store/deeper/still")]
    public void Every_link_resolves_to_an_existing_report_from_where_the_page_is_written(string where)
    {
        FillStores();
        var directory = Path.Combine(_root.Path, where);
        var (path, _) = ComparisonPage.Write([HostA, HostB], directory, Fixtures.Backends, Fixtures.Nemeses);

        var hrefs = HtmlOutline.Parse(File.ReadAllText(path)).Descendants().Where(e => e.Tag == "a").Select(e => e.Attributes["href"]).Distinct().ToList();

        // Four runs: each one's report, two of them named alike, one with a + to escape.
        Assert.Equal(4, hrefs.Count);
        Assert.Contains(hrefs, h => h.Contains("%2B", StringComparison.Ordinal));
        Assert.All(hrefs, h => Assert.True(File.Exists(Path.Combine(directory, Uri.UnescapeDataString(h))), $"{h} does not resolve from {directory}"));
    }

    [Fact]
    public void A_run_whose_test_json_is_broken_is_noted_under_its_store_and_the_rest_compared()
    {
        FillStores();
        File.WriteAllText(Path.Combine(HostB, Twin, StoreLayout.TestFile), "{\"backend\": [");
        var (path, contents) = ComparisonPage.Write([HostA, HostB], _root.Path, Fixtures.Backends, Fixtures.Nemeses);

        Assert.Equal(3, contents.Runs.Count);
        var html = File.ReadAllText(path);
        Assert.Contains($"{HostB}/{Twin}: unreadable:", HtmlOutline.Of(html));

        // Host A's twin is now the newest of its cell, shown and not superseded.
        var twin = Assert.Single(RunsRows(HtmlOutline.Parse(html)), r => Name(r) == Twin);
        Assert.Equal("shown", twin.Children[2].Text.ToString());
    }

    [Fact]
    public void A_store_s_own_page_names_no_store_and_has_no_store_column()
    {
        FillStores();
        var (path, _) = ComparisonPage.Write(HostA, Fixtures.Backends, Fixtures.Nemeses);

        var page = HtmlOutline.Parse(File.ReadAllText(path));
        var header = page.Descendants().Single(e => e.Attributes.GetValueOrDefault("id") == "runs").Descendants().Where(e => e.Tag == "th").Select(e => e.Text.ToString()).ToList();
        Assert.Equal(["run", "backend", "nemesis", "seed", "verdict", "violations", "failover p50 / p99"], header);
        Assert.DoesNotContain("superseded", File.ReadAllText(path), StringComparison.Ordinal);
    }
}
