using ElectionJepsen.Checkers.Checking;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Reports.Html;
using ElectionJepsen.Reports.Text;

namespace ElectionJepsen.Harness.Run;

/// <summary>
/// A history checked (<see cref="ComposedChecker"/>) and reported: the summary printed, then
/// the results and the report written. The end of every run, and what the <c>check</c>
/// verb does with each history; the verdict is printed before anything is written, so an
/// output that cannot be written (exit 73) never hides it.
/// </summary>
public static class HistoryCheck
{
    /// <summary>Checks, prints the summary, then writes the results and the report where they are asked for.</summary>
    /// <exception cref="OutputException">the results or the report could not be written (after the summary was printed).</exception>
    public static CheckResult CheckAndReport(History history, string historyPath, string resultsPath, string reportPath, CheckSettings settings, TextWriter output, CancellationToken cancel)
    {
        var result = Checked(history, settings, cancel);
        TextSummary.Write(output, result, historyPath, null);
        WriteResults(resultsPath, result);
        output.WriteLine($"results   {TerminalText.Escape(resultsPath)}");
        WriteReport(reportPath, historyPath, history, result);
        output.WriteLine($"report    {TerminalText.Escape(reportPath)}");
        return result;
    }

    /// <exception cref="OutputException">its directory or the file could not be written.</exception>
    public static void WriteResults(string resultsPath, CheckResult result)
    {
        Outputs.Directory("results directory", Path.GetDirectoryName(Path.GetFullPath(resultsPath))!);
        Outputs.Write("results", resultsPath, () => ResultsJson.Write(result, resultsPath));
    }

    /// <exception cref="OutputException">the file could not be written.</exception>
    public static void WriteReport(string reportPath, string historyPath, History history, CheckResult result) =>
        Outputs.Write("report", reportPath, () => AtomicFile.WriteText(reportPath, RunReport.Render(Path.GetDirectoryName(Path.GetFullPath(reportPath))!, historyPath, history, result)));

    /// <summary>The verdict with what the reader noticed (a torn last line) among its warnings.</summary>
    public static CheckResult Checked(History history, CheckSettings settings, CancellationToken cancel)
    {
        var result = ComposedChecker.Check(history, settings, cancel);
        return history.Torn is { } torn ? result with { Warnings = [torn.ToString()] } : result;
    }
}
