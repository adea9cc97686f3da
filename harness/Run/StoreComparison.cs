using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Reports.Html;
using ElectionJepsen.Reports.Store;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Run;

/// <summary>The store's comparison page, <c>STORE/index.html</c>: rewritten after every run and by the <c>report</c> verb.</summary>
public static class StoreComparison
{
    /// <summary>Rewrites the comparison page of <paramref name="store"/>, with the backends and nemeses in the order the harness lists them.</summary>
    public static (string Path, StoreContents Contents) Write(string store) =>
        ComparisonPage.Write(store, BackendNames.All, [NemesisNames.None, .. NemesisNames.Faults]);

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
