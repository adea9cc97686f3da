using System.Globalization;
using System.Text;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Reports.Html;

/// <summary>The test that was run: its options as test.json holds them, the versions, the history, and the command that reruns it.</summary>
public static partial class RunReport
{
    private static void Test(StringBuilder html, TestJson? test, string historyPath, History history)
    {
        html.Append("<section><h2>The test</h2><table class=\"kv\">");
        if (test is not null)
        {
            foreach (var (name, value) in test.Fields) Row(html, name, value);
            foreach (var (name, value) in test.VersionFields) Row(html, $"version of {name}", value);
        }

        Row(html, "history", $"{historyPath} ({history.EventCount:N0} lines, {history.Operations.Length:N0} operations, processes {string.Join(" ", history.Processes)})");
        html.Append("</table>");
        if (test?.Rerun is { } rerun) html.Append(CultureInfo.InvariantCulture, $"<p>Rerun this test:</p><pre class=\"command\">{Html.Encode(rerun)}</pre>");
        html.Append("</section>");
    }

    private static void Row(StringBuilder html, string name, string value) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><th>{Html.Encode(name)}</th><td>{Html.Encode(value)}</td></tr>");

    /// <summary>The run's test.json, or null when there is none or it is not a JSON object (a check of a history from elsewhere).</summary>
    private static TestJson? ReadTest(string directory)
    {
        var path = Path.Combine(directory, StoreLayout.TestFile);
        if (!File.Exists(path)) return null;
        try
        {
            return TestJson.Read(path);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
