using System.Diagnostics;
using ElectionJepsen.Checkers.Checking;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.Reports.Html;
using ElectionJepsen.Reports.Junit;
using ElectionJepsen.Reports.Text;

namespace ElectionJepsen.Harness.Verbs.Check;

public sealed partial class CheckVerb
{
    /// <summary>
    /// Checks many histories in this process, <paramref name="jobs"/> at a time on threads of
    /// their own; prints a line per history in the order of the set as soon as it and those
    /// before it are done, then the totals; exits with the worst code (<see cref="ExitCodes.Worst"/>).
    /// The memory budget is shared: each history checked at once gets its part.
    /// </summary>
    public async Task<int> RunManyAsync(HistorySet set, CheckOptions options, string? outDirectory, int jobs, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var count = set.Paths.Count;
        jobs = Math.Min(jobs, count);
        var settings = options.Settings with { Limits = options.Settings.Limits with { MemoryBudgetBytes = options.MemoryBudgetBytes / jobs } };
        var done = Enumerable.Range(0, count).Select(_ => new TaskCompletionSource<Outcome>(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        var next = -1;
        var workers = Enumerable.Range(0, jobs).Select(_ => Task.Factory.StartNew(() =>
        {
            for (var i = Interlocked.Increment(ref next); i < count && !cancel.IsCancellationRequested; i = Interlocked.Increment(ref next))
            {
                try
                {
                    done[i].SetResult(One(set, set.Paths[i], settings, outDirectory, cancel));
                }
                catch (Exception e)
                {
                    // Cancelled, or a defect of ours: it ends the verb when its line's turn comes.
                    done[i].SetException(e);
                    return;
                }
            }
        }, cancel, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        _ = Task.WhenAll(workers).ContinueWith(_ => Array.ForEach(done, d => d.TrySetCanceled(cancel)), TaskScheduler.Default);

        var outcomes = new List<Outcome>(count);
        var width = Math.Min(set.Paths.Max(p => TerminalText.Escape(p).Length), 72);
        foreach (var d in done)
        {
            var outcome = await d.Task;
            TextSummary.Line(output, outcome.Path, outcome.Result, outcome.Problem, width);
            outcomes.Add(outcome);
        }

        TextSummary.Totals(output, count, Tally(outcomes), clock.Elapsed, outcomes.Sum(o => o.Result?.Search?.ElapsedMs ?? 0));
        var code = ExitCodes.Worst(outcomes.Select(o => o.Code));
        if (options.Junit is { } junit)
        {
            var entries = outcomes.Select(o => new JunitEntry(JunitCase(Path.GetRelativePath(set.Root, o.Path), o.Path, options.Model, o.Elapsed), o.Result, o.Problem)).ToList();
            try
            {
                Outputs.Write("JUnit file", junit, () => JunitReport.Write(junit, entries));
                output.WriteLine($"junit     {TerminalText.Escape(junit)}");
            }
            catch (OutputException e)
            {
                error.WriteLine(ExitCodes.Describe(e).Line);
                code = ExitCodes.Worst([code, ExitCodes.CannotCreate]);
            }
        }

        return code;
    }

    /// <summary>One history's outcome; throws only when cancelled or on a defect of ours.</summary>
    private static Outcome One(HistorySet set, string path, CheckSettings settings, string? outDirectory, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        History history;
        CheckResult result;
        try
        {
            history = History.Load(path);
            result = HistoryCheck.Checked(history, settings, cancel);
        }
        catch (HistoryDataException e)
        {
            return new(path, null, ExitCodes.Data, $"malformed: {e.Message}", clock.Elapsed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new(path, null, ExitCodes.Usage, $"cannot read it: {Unreadable(e)}", clock.Elapsed);
        }
        catch (CheckersDisagreeException e)
        {
            return new(path, null, ExitCodes.Internal, $"internal error: {e.Message}", clock.Elapsed);
        }

        var (resultsPath, reportPath) = set.OutputsOf(path, outDirectory);
        try
        {
            HistoryCheck.WriteResults(resultsPath, result);
            HistoryCheck.WriteReport(reportPath, path, history, result);
        }
        catch (OutputException e)
        {
            return new(path, result, ExitCodes.CannotCreate, e.Message, clock.Elapsed);
        }

        return new(path, result, result.Valid.ExitCode(), null, clock.Elapsed);
    }

    private static IEnumerable<(string, int)> Tally(List<Outcome> outcomes) =>
    [
        ("INVALID", outcomes.Count(o => o.Result?.Valid == Validity.False)),
        ("unknown", outcomes.Count(o => o.Result?.Valid == Validity.Unknown)),
        ("valid", outcomes.Count(o => o.Result?.Valid == Validity.True)),
        ("malformed", outcomes.Count(o => o.Code == ExitCodes.Data)),
        ("unreadable", outcomes.Count(o => o.Code == ExitCodes.Usage)),
        ("internal errors", outcomes.Count(o => o.Code == ExitCodes.Internal)),
        ("with results not written", outcomes.Count(o => o.Code == ExitCodes.CannotCreate)),
    ];

    /// <summary>How one history went: its verdict, or the problem that kept it from one (or its outputs from being written), and its exit code.</summary>
    private sealed record Outcome(string Path, CheckResult? Result, int Code, string? Problem, TimeSpan Elapsed);
}
