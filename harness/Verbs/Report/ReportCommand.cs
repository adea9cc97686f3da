using System.CommandLine;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Harness.Verbs.Report;

/// <summary>
/// The <c>report</c> verb: rewrite a store's comparison page, <c>STORE/index.html</c>, or merge
/// several stores (the stores of several hosts or CI jobs) into one page.
/// </summary>
public static class ReportCommand
{
    /// <summary>The store when none is named: where <c>run</c> writes by default.</summary>
    private const string DefaultStore = "store";

    public static Command Build(TextWriter stdout)
    {
        var stores = new Argument<string[]>("STORE")
        {
            Description = "the stores of runs (where run writes them); several are merged into one page",
            Arity = ArgumentArity.ZeroOrMore,
            DefaultValueFactory = _ => [DefaultStore],
        };
        var outDir = new Option<string?>("--out")
        {
            Description = "where to write index.html (made if need be; default: the first STORE); its links to the runs are relative to it",
            HelpName = "DIR",
        };
        var command = new Command("report", """
            Rewrite STORE/index.html, the comparison of every run in the store: rows backends,
            columns nemeses, each cell the newest run's verdict, stale leaders and the worst
            overlap, stale writes accepted and refused, failover p50 and p99, a link to its report;
            and a chart of failover per backend and nemesis. Every run rewrites it too.

            Several stores (made on several hosts, or by the nightly's jobs) are merged into one
            page, in --out or the first store: a cell shows the newest run of its pair (by the
            start time in its test.json) across them all; the list of every run says which store
            each came from and which a newer run of its cell superseded. Runs of one name in two
            stores are both kept. Each store merged must hold a run (exit 64 if not; one store
            alone is written as ever, even empty); a run that cannot be read is listed as not
            compared.

            Examples:
              report
              report /var/tmp/nightly/store
              report store other-host/store --out /tmp/compared   two hosts' runs, one page
              report stores/* --out compared                      the nightly's stores, merged
            """)
        {
            stores,
            outDir,
        };
        command.SetAction(parse =>
        {
            var given = parse.GetValue(stores) is { Length: > 0 } list ? list : [DefaultStore];
            foreach (var dir in given)
            {
                if (!Directory.Exists(dir)) throw new UsageException($"no store at {dir}: give the directory runs write to (run's --store, by default ./store)");
            }

            var page = parse.GetValue(outDir);
            var distinct = given.Select(s => Path.TrimEndingDirectorySeparator(Path.GetFullPath(s))).Distinct(StringComparer.Ordinal).Count();
            if (distinct == 1 && page is null)
            {
                var (path, contents) = StoreComparison.Write(given[0]);
                stdout.WriteLine(StoreComparison.Describe(path, contents));
                return 0;
            }

            foreach (var dir in given)
            {
                if (!HoldsRuns(dir)) throw new UsageException($"no run in {dir}: a store holds a directory per run, with its test.json and results.json (was the store copied whole?)");
            }

            var (merged, all) = StoreComparison.Merge(given, page ?? given[0]);
            stdout.WriteLine(StoreComparison.Describe(merged, all));
            return 0;
        });
        return command;
    }

    private static bool HoldsRuns(string store)
    {
        try
        {
            return StoreContents.HoldsRuns(store);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"the store {store} cannot be read: {e.Message}");
        }
    }
}
