using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Reports.Html;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Reports.Tests;

/// <summary>
/// Every string that reaches a page from outside (histories, test.json, results.json, file
/// and directory names) is fed a script; the pages must show it as text and contain no
/// element or attribute of their own making but ours.
/// </summary>
public sealed partial class EscapingTests : IDisposable
{
    private const long Ms = 1_000_000;
    private readonly TempDir _store = new();

    private static readonly HashSet<string> OurTags =
    [
        "html", "head", "meta", "title", "style", "body", "header", "section", "article", "details", "summary", "h1", "h2", "h3",
        "p", "span", "pre", "code", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "a", "svg", "g", "rect", "line", "circle", "path", "text",
    ];

    private static readonly HashSet<string> OurAttributes =
    [
        "lang", "charset", "name", "content", "class", "id", "href", "title", "scope", "open", "viewbox", "width", "height", "role", "aria-label",
        "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "rx", "d", "fill", "text-anchor",
    ];

    public void Dispose() => _store.Dispose();

    /// <summary>A script, marked with where it was put, so the test can find each one shown as text.</summary>
    private static string Evil(string field) => $"<script>alert('{field}')</script>\"'><img src=x onerror=alert(1)>";

    [Fact]
    public void A_script_in_every_field_of_a_run_is_shown_as_text_in_the_report_and_on_the_comparison_page()
    {
        var c1 = "c1" + Evil("process");
        var h = new HistoryBuilder { Key = "leader" + Evil("key") };
        h.Note(50 * Ms, c1, "note" + Evil("event-f"), Evil("event-error"));
        h.Add(60 * Ms, c1, EventType.Event, "note", OpValue.FromJson(System.Text.Json.JsonSerializer.Serialize(Evil("event-value"))), null, null);
        h.Acquire(100 * Ms, 120 * Ms, c1, 1);
        h.Claim(200 * Ms, 202 * Ms, c1, 1);
        h.Invoke(1000 * Ms, "nemesis", "pause" + Evil("nemesis-f"), OpValue.FromJson("""{"step":0}"""));
        h.Ok(1005 * Ms, "nemesis", "pause" + Evil("nemesis-f"), OpValue.FromJson(new JsonObject { ["process"] = Evil("nemesis-process"), ["host"] = Evil("nemesis-host") }.ToJsonString()));
        h.Invoke(1100 * Ms, "c2", "acquire").Ok(1200 * Ms, "c2", "acquire", OpValue.FromToken(2));
        h.Invoke(2000 * Ms, "nemesis", "resume", OpValue.FromJson("""{"step":1}""")).Ok(2001 * Ms, "nemesis", "resume", OpValue.FromJson("{}"));
        h.Claim(2100 * Ms, 2102 * Ms, c1, 1);
        h.Invoke(2200 * Ms, c1, "write", OpValue.Write(1, 9)).Fail(2203 * Ms, c1, "write", "stale-token" + Evil("error"), OpValue.Write(1, 9));
        h.Invoke(2300 * Ms, "nemesis", "partition", OpValue.FromJson("""{"step":2}"""));
        h.Ok(2301 * Ms, "nemesis", "partition", OpValue.FromJson(new JsonObject { ["shape"] = Evil("shape") }.ToJsonString()));

        var test = new JsonObject();
        foreach (var field in new[] { "run_id", "backend", "seed", "partition_scope", "started", "command", "rerun", "nodes", "ttl_ms", "time_limit_s", "nemesis_interval_s", "fencing" })
        {
            test[field] = Evil("test-" + field);
        }

        test["nemesis"] = new JsonArray(Evil("test-nemesis"));
        test["partition_shapes"] = new JsonArray(Evil("test-shape"));
        test["versions"] = new JsonObject { [Evil("test-version-name")] = Evil("test-version") };
        var runName = "20261123T101500-" + Regex.Replace(Evil("directory"), "/", "_");
        var (dir, _, result, report) = Fixtures.WriteRun(_store.Path, runName, h, test);
        Assert.NotEmpty(result.Violations);
        File.WriteAllText(Path.Combine(dir, "nodes", Regex.Replace(Evil("log-name"), "/", "_") + ".log"), "x");
        var path = Path.Combine(dir, "history.jsonl");
        report = RunReport.Write(dir, path, History.Load(path), result with { Warnings = [Evil("warning")] });

        // A second run whose results.json is written by someone else, with a script for a violation kind.
        var other = Path.Combine(_store.Path, "20261123T102000-other");
        Directory.CreateDirectory(other);
        File.WriteAllText(Path.Combine(other, "test.json"), new JsonObject { ["backend"] = Evil("cmp-backend"), ["nemesis"] = new JsonArray(Evil("cmp-nemesis")), ["started"] = "2026-11-23T10:20:00Z" }.ToJsonString());
        File.WriteAllText(Path.Combine(other, "results.json"), new JsonObject
        {
            ["valid"] = false,
            ["violations"] = new JsonArray(new JsonObject { ["kind"] = Evil("cmp-kind") }),
            ["failover"] = new JsonObject { ["count"] = 1, ["min_ms"] = 5, ["p50_ms"] = 5, ["p90_ms"] = 5, ["p99_ms"] = 5, ["max_ms"] = 5 },
        }.ToJsonString());
        Directory.CreateDirectory(Path.Combine(_store.Path, Regex.Replace(Evil("skipped"), "/", "_")));
        var (index, _) = ComparisonPage.Write(_store.Path, Fixtures.Backends, Fixtures.Nemeses);

        var reportHtml = File.ReadAllText(report);
        AssertOnlyOurMarkup(reportHtml);
        foreach (var field in new[] { "process", "key", "event-f", "event-error", "event-value", "nemesis-f", "nemesis-process", "nemesis-host", "error", "shape",
                                      "test-backend", "test-seed", "test-rerun", "test-nemesis", "test-shape", "test-version-name", "test-version", "test-run_id",
                                      "test-partition_scope", "test-started", "test-nodes", "test-ttl_ms", "test-fencing", "directory", "log-name", "warning" })
        {
            Assert.True(Shows(reportHtml, field), $"the report does not show the field {field} as text");
        }

        var indexHtml = File.ReadAllText(index);
        AssertOnlyOurMarkup(indexHtml);
        foreach (var field in new[] { "test-backend", "test-nemesis", "directory", "cmp-backend", "cmp-nemesis", "cmp-kind", "skipped" })
        {
            Assert.True(Shows(indexHtml, field), $"the comparison page does not show the field {field} as text");
        }
    }

    /// <summary>The marker of <paramref name="field"/> appears, escaped, as text (it may be cut short, so only its start is sought).</summary>
    private static bool Shows(string html, string field) =>
        html.Contains($"&lt;script&gt;alert(&#39;{field}", StringComparison.Ordinal) || html.Contains($"%3Cscript%3Ealert%28%27{field}", StringComparison.Ordinal);

    private static void AssertOnlyOurMarkup(string html)
    {
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        var root = HtmlOutline.Parse(html);
        foreach (var e in root.Descendants())
        {
            Assert.True(OurTags.Contains(e.Tag), $"an element <{e.Tag}> that the page does not make");
            foreach (var (name, value) in e.Attributes)
            {
                Assert.True(OurAttributes.Contains(name), $"an attribute {name}=\"{value}\" on <{e.Tag}> that the page does not make");
                if (name == "href") Assert.DoesNotMatch("^\\s*(javascript|data|vbscript):", value);
            }
        }
    }
}
