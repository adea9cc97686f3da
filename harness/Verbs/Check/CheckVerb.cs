using ElectionJepsen.Checkers.Checking;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.Reports.Html;
using ElectionJepsen.Reports.Junit;
using ElectionJepsen.Reports.Text;

namespace ElectionJepsen.Harness.Verbs.Check;

/// <summary>
/// Reads a history, checks it, prints a summary and writes results.json and report.html
/// (<see cref="HistoryCheck"/>), and the JUnit file when asked.
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
        var result = HistoryCheck.CheckAndReport(history, options.HistoryPath, options.OutDirectory, options.Settings, output, cancel);
        if (options.Junit is { } junit)
        {
            Outputs.Write("JUnit file", junit, () => JunitReport.Write(junit, JunitCase(Path.GetFileName(options.HistoryPath), options.HistoryPath, options.Model, started.Elapsed), result));
            output.WriteLine($"junit     {TerminalText.Escape(junit)}");
        }

        return result.Valid.ExitCode();
    }

    /// <summary>The JUnit test case of checking a history, named <paramref name="name"/> (its file name, or its path among many).</summary>
    private static JunitCase JunitCase(string name, string historyPath, string model, TimeSpan elapsed) =>
        new("electionjepsen.check", $"{name} ({model})", elapsed,
            [("history", Path.GetFullPath(historyPath)), ("model", model)]);
}
