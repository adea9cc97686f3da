using ElectionJepsen.Checkers.FencedLease;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Linearizability;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Reports.Html;
using ElectionJepsen.Reports.Junit;
using ElectionJepsen.Reports.Text;

namespace ElectionJepsen.Harness.Verbs.Check;

/// <summary>
/// Reads a history, checks it, writes results.json and prints a summary. For fenced-lease
/// the exact fast path decides and the general search runs beside it within its budget;
/// if the two ever disagree that is a bug of ours, reported as an internal error.
/// </summary>
public sealed class CheckVerb(TextWriter output, TextWriter error)
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
            error.WriteLine($"{options.HistoryPath}: {e.Message}");
            return ExitCodes.Data;
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = CheckAndReport(history, options, output, cancel);
        if (options.Junit is { } junit)
        {
            JunitReport.Write(junit, new JunitCase("electionjepsen.check", $"{Path.GetFileName(options.HistoryPath)} ({options.Model})", started.Elapsed,
                [("history", Path.GetFullPath(options.HistoryPath)), ("model", options.Model)]), result);
            output.WriteLine($"junit     {junit}");
        }

        return result.Valid.ExitCode();
    }

    /// <summary>Checks, writes results.json into the out directory, and prints the summary.</summary>
    public static CheckResult CheckAndReport(History history, CheckOptions options, TextWriter output, CancellationToken cancel)
    {
        var result = Check(history, options, cancel);
        if (history.Torn is { } torn) result = result with { Warnings = [torn.ToString()] };
        Directory.CreateDirectory(options.OutDirectory);
        var resultsPath = Path.Combine(options.OutDirectory, ResultsJson.FileName);
        ResultsJson.Write(result, resultsPath);
        TextSummary.Write(output, result, options.HistoryPath, resultsPath);
        output.WriteLine($"report    {RunReport.Write(options.OutDirectory, options.HistoryPath, history, result)}");
        return result;
    }

    /// <summary>Checks a loaded history; throws <see cref="HistoryDataException"/> on a value the model cannot read.</summary>
    public static CheckResult Check(History history, CheckOptions options, CancellationToken cancel)
    {
        var limits = new SearchLimits(options.TimeLimit, options.MemoryBudgetBytes);
        if (options.Model != FencedLeaseChecker.ModelName)
        {
            return LinearizabilityChecker.Check(history, options.Model, limits, cancel);
        }

        var search = options.Search
            ? Task.Run(() => LinearizabilityChecker.Check(history, options.Model, limits, cancel), cancel)
            : null;
        var fast = FencedLeaseChecker.Check(history);
        if (search is null) return fast;
        var general = search.GetAwaiter().GetResult();
        var fastLinearizable = FencedLeaseChecker.IsLinearizable(fast);
        if (general.Valid != Validity.Unknown && (general.Valid == Validity.True) != fastLinearizable)
        {
            throw new InternalErrorException(
                $"the checkers disagree: the fast path says the history is {(fastLinearizable ? "linearizable" : "not linearizable")} " +
                $"({fast.Violations.Count} violations), the search says {(general.Valid == Validity.True ? "linearizable" : "not linearizable")}" +
                (general.Search?.Failure is { } f ? $" ({f.Description})" : string.Empty));
        }

        return fast with { Search = general.Search };
    }
}
