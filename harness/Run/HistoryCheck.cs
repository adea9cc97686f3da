using ElectionJepsen.Checkers.Checking;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Reports.Html;
using ElectionJepsen.Reports.Text;

namespace ElectionJepsen.Harness.Run;

/// <summary>
/// A history checked (<see cref="ComposedChecker"/>) and reported: the summary printed, then
/// results.json and report.html written. The end of every run, and what the <c>check</c>
/// verb does with each history; the verdict is printed before anything is written, so an
/// output that cannot be written (exit 73) never hides it.
/// </summary>
public static class HistoryCheck
{
    /// <summary>Checks, prints the summary, then writes results.json and report.html into <paramref name="outDirectory"/>.</summary>
    /// <exception cref="OutputException">results.json or the report could not be written (after the summary was printed).</exception>
    public static CheckResult CheckAndReport(History history, string historyPath, string outDirectory, CheckSettings settings, TextWriter output, CancellationToken cancel)
    {
        var result = Checked(history, settings, cancel);
        var resultsPath = Path.Combine(outDirectory, ResultsJson.FileName);
        TextSummary.Write(output, result, historyPath, null);
        Outputs.Directory("results directory", outDirectory);
        Outputs.Write("results", resultsPath, () => ResultsJson.Write(result, resultsPath));
        output.WriteLine($"results   {TerminalText.Escape(resultsPath)}");
        var report = Outputs.Write("report", Path.Combine(outDirectory, RunReport.FileName), () => RunReport.Write(outDirectory, historyPath, history, result));
        output.WriteLine($"report    {TerminalText.Escape(report)}");
        return result;
    }

    /// <summary>The verdict with what the reader noticed (a torn last line) among its warnings.</summary>
    public static CheckResult Checked(History history, CheckSettings settings, CancellationToken cancel)
    {
        var result = ComposedChecker.Check(history, settings, cancel);
        return history.Torn is { } torn ? result with { Warnings = [torn.ToString()] } : result;
    }
}
