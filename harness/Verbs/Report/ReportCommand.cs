using System.CommandLine;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.Reports.Html;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Harness.Verbs.Report;

/// <summary>The <c>report</c> verb: rewrite the store's comparison page, <c>STORE/index.html</c>.</summary>
public static class ReportCommand
{
    public static Command Build(TextWriter stdout)
    {
        var store = new Argument<string>("STORE") { Description = "the store of runs (where run writes them)", DefaultValueFactory = _ => "store" };
        var command = new Command("report", """
            Rewrite STORE/index.html, the comparison of every run in the store: rows backends,
            columns nemeses, each cell the newest run's verdict, stale leaders and the worst
            overlap, stale writes accepted and refused, failover p50 and p99, a link to its report;
            and a chart of failover per backend and nemesis. Every run rewrites it too.

            Examples:
              report
              report /var/tmp/nightly/store
            """)
        {
            store,
        };
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(store)!;
            if (!Directory.Exists(dir)) throw new UsageException($"no store at {dir}: give the directory runs write to (run's --store, by default ./store)");
            var (path, contents) = Write(dir);
            stdout.WriteLine(Describe(path, contents));
            return 0;
        });
        return command;
    }

    /// <summary>Rewrites the comparison page of <paramref name="store"/>, with the backends and nemeses in the order the harness lists them.</summary>
    public static (string Path, StoreContents Contents) Write(string store) =>
        ComparisonPage.Write(store, [.. RunCommand.Backends.Keys], [NemesisNames.None, .. NemesisNames.Faults]);

    /// <summary>
    /// Rewrites the page after a run and returns the line to print; a failure is that line,
    /// never an exception, so that a broken run directory of someone else's can never change
    /// a run's verdict or stop a matrix.
    /// </summary>
    public static string Rewrite(string store)
    {
        try
        {
            var (page, contents) = Write(store);
            return Describe(page, contents);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return $"compared  could not rewrite {Path.Combine(store, ComparisonPage.FileName)}: {e.Message}";
        }
    }

    public static string Describe(string path, StoreContents contents)
    {
        var cells = contents.Runs.Select(r => (r.Row, r.Nemesis)).Distinct().Count();
        var skipped = contents.Skipped.Count > 0 ? $"; {contents.Skipped.Count} director{(contents.Skipped.Count == 1 ? "y" : "ies")} not runs" : string.Empty;
        return $"compared  {path}: {contents.Runs.Count} run{(contents.Runs.Count == 1 ? string.Empty : "s")} in {cells} cell{(cells == 1 ? string.Empty : "s")}{skipped}";
    }
}
