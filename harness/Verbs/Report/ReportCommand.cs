using System.CommandLine;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Run;

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
            var (path, contents) = StoreComparison.Write(dir);
            stdout.WriteLine(StoreComparison.Describe(path, contents));
            return 0;
        });
        return command;
    }
}
