using ElectionJepsen.Reports.Html;
using ElectionJepsen.TestSupport;
using Xunit.Abstractions;

namespace ElectionJepsen.Reports.Tests.Browser;

/// <summary>
/// The pages in a real browser (Debian's headless Chromium): what a person would see is
/// drawn, nothing is fetched, the console stays quiet, and a screenshot is kept in
/// <c>screenshots/</c> beside the test assembly (or in <c>$EJ_SCREENSHOTS</c>).
/// </summary>
public sealed class BrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TempDir _store = new();
    private Chromium? _chromium;

    private Chromium Browser => _chromium ?? throw new InvalidOperationException("chromium did not start");

    public async Task InitializeAsync() => _chromium = await Chromium.StartAsync();

    public async Task DisposeAsync()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
        _store.Dispose();
    }

    private static string ScreenshotPath(string name) =>
        Path.Combine(Environment.GetEnvironmentVariable("EJ_SCREENSHOTS") ?? Path.Combine(AppContext.BaseDirectory, "screenshots"), name);

    [SkippableFact]
    public async Task The_browser_check_sees_console_errors_exceptions_and_fetches()
    {
        // The checks below could not fail if this one did not see the faults it is shown.
        var page = _store.File("faulty.html", "<!DOCTYPE html><html><body><p>x</p><img src=\"http://127.0.0.1:9/missing.png\"><script>console.error('boom'); null.f();</script></body></html>");
        var opened = await Browser.OpenAsync(new Uri(page).AbsoluteUri);

        // The failed fetch is reported when the image gives up, which may come after the load event.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!opened.Problems().Any(p => p.StartsWith("log", StringComparison.Ordinal)) && waited.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
        var problems = opened.Problems();
        Assert.Contains(problems, p => p.StartsWith("console.error", StringComparison.Ordinal) && p.Contains("boom", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("exception", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("log error", StringComparison.Ordinal) && p.Contains("127.0.0.1:9", StringComparison.Ordinal));
        Assert.Contains(opened.Requests(), r => r.StartsWith("http://127.0.0.1:9/", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task A_paused_leader_report_draws_the_timeline_the_violations_and_the_failover_chart_without_errors()
    {
        var (_, _, result, report) = Fixtures.WriteRun(_store.Path, "20261123T101500-redis-pause", Fixtures.PausedLeader(), Fixtures.TestJson("redis", "pause"));
        var url = new Uri(report).AbsoluteUri;
        var page = await Browser.OpenAsync(url);

        // The timeline: laid out wide, with both epochs, the fault, the refusals and the violation visible.
        Assert.True(await page.NumberAsync("document.getElementById('timeline').getBoundingClientRect().width") > 800);
        Assert.Equal(2, await page.NumberAsync("document.querySelectorAll('#timeline rect.epoch').length"));
        Assert.True(await page.NumberAsync("Math.min(...[...document.querySelectorAll('#timeline rect.epoch')].map(r => r.getBoundingClientRect().width))") > 50);
        Assert.True(await page.NumberAsync("document.querySelector('#timeline .fault rect').getBoundingClientRect().width") > 100);
        Assert.Equal(2, await page.NumberAsync("document.querySelectorAll('#timeline rect.refused').length"));
        Assert.True(await page.NumberAsync("document.querySelector('#timeline .violation circle').getBoundingClientRect().width") > 5);

        // The violations, each with its evidence and its zoomed timeline.
        Assert.Equal(result.Violations.Count, await page.NumberAsync("document.querySelectorAll('article.violation').length"));
        Assert.Equal(result.Violations.Count, await page.NumberAsync("document.querySelectorAll('article.violation pre.evidence').length"));
        Assert.True(await page.NumberAsync("document.querySelector('#zoom1').getBoundingClientRect().height") > 50);

        // The failover chart: a drawn curve.
        Assert.True(await page.NumberAsync("document.querySelector('#failover-cdf path.cdf').getTotalLength()") > 100);

        Assert.Empty(page.Problems());
        Assert.Equal([url], page.Requests());
        var shot = await page.ScreenshotAsync(ScreenshotPath("run-report-paused-leader.png"));
        AssertPng(shot);
        output.WriteLine($"screenshot: {shot}");
    }

    [SkippableFact]
    public async Task The_report_summary_reads_with_scripts_off()
    {
        var (_, _, _, report) = Fixtures.WriteRun(_store.Path, "20261123T101500-redis-pause", Fixtures.PausedLeader(), Fixtures.TestJson("redis", "pause"));
        var page = await Browser.OpenAsync(new Uri(report).AbsoluteUri, scripts: false);

        // With scripts off, Runtime.evaluate still reads the DOM (it runs outside the page's own scripts).
        var verdict = (await page.EvaluateAsync("document.querySelector('header.banner .verdict').innerText"))?.GetValue<string>();
        Assert.Equal("INVALID: 1 violation: 1 × stale-leader", verdict);
        Assert.True(await page.NumberAsync("document.querySelector('header.banner').getBoundingClientRect().height") > 40);
        Assert.Empty(page.Problems());
    }

    [SkippableFact]
    public async Task The_comparison_page_draws_the_matrix_and_the_failover_chart_without_errors()
    {
        Fixtures.WriteRun(_store.Path, "20261123T101500-redis-pause", Fixtures.PausedLeader(), Fixtures.TestJson("redis", "pause"));
        Fixtures.WriteRun(_store.Path, "20261123T102000-etcd-pause", Fixtures.PausedLeader(), Fixtures.TestJson("etcd", "pause"));
        Fixtures.WriteRun(_store.Path, "20261123T102500-redis-none", Fixtures.Quiet(), Fixtures.TestJson("redis", "none"));
        var (index, _) = ComparisonPage.Write(_store.Path, Fixtures.Backends, Fixtures.Nemeses);
        var url = new Uri(index).AbsoluteUri;
        var page = await Browser.OpenAsync(url);

        Assert.Equal(4, await page.NumberAsync("document.querySelectorAll('#matrix td.cell').length"));
        Assert.Equal(2, await page.NumberAsync("document.querySelectorAll('#matrix td.cell.invalid').length"));
        Assert.Equal(2, await page.NumberAsync("document.querySelectorAll('#failover-chart g.bar').length"));
        Assert.True(await page.NumberAsync("Math.min(...[...document.querySelectorAll('#failover-chart g.bar circle')].map(c => c.getBoundingClientRect().width))") > 4);

        // A cell's link opens its run's report.
        var href = (await page.EvaluateAsync("document.querySelector('#matrix td.cell.invalid a.verdict').href"))!.GetValue<string>();
        var linked = await Browser.OpenAsync(href);
        Assert.Equal(1, await linked.NumberAsync("document.querySelectorAll('#timeline').length"));

        Assert.Empty(page.Problems());
        Assert.Equal([url], page.Requests());
        var shot = await page.ScreenshotAsync(ScreenshotPath("comparison-page.png"));
        AssertPng(shot);
        output.WriteLine($"screenshot: {shot}");
    }

    private static void AssertPng(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 10_000, $"{path} is only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }
}
