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
/// Reads a history, checks it and reports it (<see cref="HistoryCheck"/>): its results and
/// report named by <see cref="HistorySet.OutputsIn"/>, and the JUnit file when asked; the
/// verdict is printed before anything is written, so an output that cannot be written (exit
/// 73) never hides it. A history that cannot be read (missing, no permission, a directory)
/// is a usage error (64).
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
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error.WriteLine(TerminalText.Escape($"error: cannot read the history {options.HistoryPath}: {Unreadable(e)}"));
            return ExitCodes.Usage;
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var (resultsPath, reportPath) = HistorySet.OutputsIn(options.OutDirectory, options.HistoryPath);
        var result = HistoryCheck.CheckAndReport(history, options.HistoryPath, resultsPath, reportPath, options.Settings, output, cancel);
        if (options.Junit is { } junit)
        {
            Outputs.Write("JUnit file", junit, () => JunitReport.Write(junit, JunitCase(Path.GetFileName(options.HistoryPath), options.HistoryPath, options.Model, started.Elapsed), result));
            output.WriteLine($"junit     {TerminalText.Escape(junit)}");
        }

        return result.Valid.ExitCode();
    }

    /// <summary>Why a history could not be read, in words, the same for one history or many.</summary>
    private static string Unreadable(Exception e) => e switch
    {
        FileNotFoundException => "no such file",
        DirectoryNotFoundException => "a directory on its way is missing",
        _ => Outputs.Why(e),
    };

    /// <summary>The JUnit test case of checking a history, named <paramref name="name"/> (its file name, or its path among many).</summary>
    private static JunitCase JunitCase(string name, string historyPath, string model, TimeSpan elapsed) =>
        new("electionjepsen.check", $"{name} ({model})", elapsed,
            [("history", Path.GetFullPath(historyPath)), ("model", model)]);
}
