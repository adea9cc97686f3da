using ElectionJepsen.Checkers.Checking;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Reports.Html;
using ElectionJepsen.Reports.Junit;
using ElectionJepsen.Reports.Text;

namespace ElectionJepsen.Harness.Verbs.Check;

/// <summary>
/// Reads a history, checks it (<see cref="ComposedChecker"/>), prints a summary and writes
/// results.json and report.html; the verdict is printed before anything is written, so an
/// output that cannot be written (exit 73) never hides it.
/// </summary>
public sealed partial class CheckVerb(TextWriter output, TextWriter error)
{
    public int Run(CheckOptions options, CancellationToken cancel)
    {
        if (!File.Exists(options.HistoryPath))
        {
            throw new UsageException($"no history at {options.HistoryPath}: give the path of a history.jsonl");
        }

        History history;
        try
        {
            history = History.Load(options.HistoryPath);
        }
        catch (HistoryDataException e)
        {
            error.WriteLine(TerminalText.Escape($"{options.HistoryPath}: {e.Message}"));
            return ExitCodes.Data;
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = CheckAndReport(history, options, output, cancel);
        if (options.Junit is { } junit)
        {
            Outputs.Write("JUnit file", junit, () => JunitReport.Write(junit, JunitCase(Path.GetFileName(options.HistoryPath), options.HistoryPath, options.Model, started.Elapsed), result));
            output.WriteLine($"junit     {TerminalText.Escape(junit)}");
        }

        return result.Valid.ExitCode();
    }

    /// <summary>Checks, prints the summary, then writes results.json and report.html into the out directory.</summary>
    /// <exception cref="OutputException">results.json or the report could not be written (after the summary was printed).</exception>
    public static CheckResult CheckAndReport(History history, CheckOptions options, TextWriter output, CancellationToken cancel)
    {
        var result = Checked(history, options.Settings, cancel);
        var resultsPath = Path.Combine(options.OutDirectory, ResultsJson.FileName);
        TextSummary.Write(output, result, options.HistoryPath, null);
        Outputs.Directory("results directory", options.OutDirectory);
        Outputs.Write("results", resultsPath, () => ResultsJson.Write(result, resultsPath));
        output.WriteLine($"results   {TerminalText.Escape(resultsPath)}");
        var report = Outputs.Write("report", Path.Combine(options.OutDirectory, RunReport.FileName), () => RunReport.Write(options.OutDirectory, options.HistoryPath, history, result));
        output.WriteLine($"report    {TerminalText.Escape(report)}");
        return result;
    }

    /// <summary>The verdict with what the reader noticed (a torn last line) among its warnings.</summary>
    private static CheckResult Checked(History history, CheckSettings settings, CancellationToken cancel)
    {
        var result = ComposedChecker.Check(history, settings, cancel);
        return history.Torn is { } torn ? result with { Warnings = [torn.ToString()] } : result;
    }

    /// <summary>The JUnit test case of checking a history, named <paramref name="name"/> (its file name, or its path among many).</summary>
    private static JunitCase JunitCase(string name, string historyPath, string model, TimeSpan elapsed) =>
        new("electionjepsen.check", $"{name} ({model})", elapsed,
            [("history", Path.GetFullPath(historyPath)), ("model", model)]);
}
