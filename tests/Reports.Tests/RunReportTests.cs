using ElectionJepsen.Checkers.Results;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Reports.Tests;

public sealed class RunReportTests : IDisposable
{
    private readonly TempDir _store = new();

    public void Dispose() => _store.Dispose();

    private string Outline(string report) => HtmlOutline.Of(File.ReadAllText(report), s => s.Replace(_store.Path, "$STORE", StringComparison.Ordinal));

    [Fact]
    public void A_paused_leader_run_shows_who_led_the_fault_the_stale_acts_and_what_fencing_refused()
    {
        var (_, _, result, report) = Fixtures.WriteRun(_store.Path, "20261123T101500-redis-pause", Fixtures.PausedLeader(), Fixtures.TestJson("redis", "pause"));
        Assert.Equal(Validity.False, result.Valid);
        var page = HtmlOutline.Parse(File.ReadAllText(report));
        var timeline = page.Descendants().Single(e => e.Attributes.GetValueOrDefault("id") == "timeline");
        var classes = timeline.Descendants().SelectMany(e => e.Attributes.GetValueOrDefault("class", string.Empty).Split(' ')).ToList();
        Assert.Equal(2, classes.Count(c => c == "epoch"));
        Assert.Contains("fault", classes);
        Assert.Contains("refused", classes);
        Assert.Contains("leaderless", classes);
        Assert.Contains("violation", classes);
        Assert.Equal(result.Violations.Count, page.Descendants().Count(e => e.Tag == "article" && e.Attributes.GetValueOrDefault("class") == "violation"));
        GoldenFile.Verify(Outline(report), "run-report-paused-leader");
    }

    [Fact]
    public void A_quiet_run_is_valid_with_one_epoch_and_no_failover()
    {
        var (_, _, result, report) = Fixtures.WriteRun(_store.Path, "20261123T101500-redis-none", Fixtures.Quiet(), Fixtures.TestJson("redis", "none"));
        Assert.Equal(Validity.True, result.Valid);
        GoldenFile.Verify(Outline(report), "run-report-quiet");
    }

    [Fact]
    public void A_run_without_tokens_is_valid_partly_judged_with_a_table_of_the_checks_that_could_not_run()
    {
        var (_, _, result, report) = Fixtures.WriteRun(_store.Path, "20261123T101500-redis-none", Fixtures.Tokenless(), Fixtures.TestJson("redis", "none"));
        Assert.Equal(Validity.True, result.Valid);
        var page = HtmlOutline.Parse(File.ReadAllText(report));

        var banner = page.Descendants().Single(e => e.Tag == "header");
        Assert.Equal("banner partly", banner.Attributes["class"]);
        Assert.StartsWith("valid (partly judged): no violation found", banner.Descendants().Single(e => e.Attributes.GetValueOrDefault("class") == "verdict").Text.ToString(), StringComparison.Ordinal);
        var table = page.Descendants().Single(e => e.Tag == "table" && e.Attributes.GetValueOrDefault("class") == "checks");
        var rows = table.Children.Where(r => r.Attributes.ContainsKey("class"))
            .Select(r => (r.Attributes["class"], r.Children.Select(d => d.Text.ToString()).ToArray()))
            .ToDictionary(x => x.Item2[0], x => (Class: x.Item1, Ran: x.Item2[1], Why: x.Item2[2]));
        Assert.Equal(("none", "not run", "no operation carried a token"), rows["token-reuse"]);
        Assert.Equal(("some", "over some"), (rows["stale-leader"].Class, rows["stale-leader"].Ran));
        Assert.Equal(("all", "over all operations", string.Empty), rows["duplicate-job"]);
        Assert.Equal(1, result.Failover!.Count);
        var timeline = page.Descendants().Single(e => e.Attributes.GetValueOrDefault("id") == "timeline");
        var epochs = timeline.Descendants().Where(e => e.Attributes.GetValueOrDefault("class") == "epoch tokenless").ToList();
        Assert.Equal(2, epochs.Count);
        Assert.Contains(epochs, e => e.Descendants().Any(t => t.Text.ToString() == "c1 led without a token, 0.12 s to 5.01 s"));
        var sections = page.Descendants().Where(e => e.Tag == "h2").Select(e => e.Text.ToString()).ToList();
        Assert.Equal(["Checks", "Timeline"], sections.Take(2));
    }

    [Fact]
    public void A_history_from_elsewhere_without_test_json_still_gets_its_report()
    {
        var (_, _, _, report) = Fixtures.WriteRun(_store.Path, "other-tool", Fixtures.PausedLeader(), test: null);
        var outline = Outline(report);
        Assert.DoesNotContain("Rerun this test", outline);
        GoldenFile.Verify(outline, "run-report-no-test-json");
    }
}
