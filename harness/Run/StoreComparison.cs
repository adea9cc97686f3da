using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Reports;
using ElectionJepsen.Reports.Html;
using ElectionJepsen.Reports.Store;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Run;

/// <summary>The store's comparison page, <c>STORE/index.html</c>: rewritten after every run and by the <c>report</c> verb, which also merges several stores into one page.</summary>
public static class StoreComparison
{
    /// <summary>Rewrites the comparison page of <paramref name="store"/>, with the backends and nemeses in the order the harness lists them.</summary>
    public static (string Path, StoreContents Contents) Write(string store) =>
        ComparisonPage.Write(store, BackendNames.All, [NemesisNames.None, .. NemesisNames.Faults]);

    /// <summary>
    /// Merges the runs of several <paramref name="stores"/> into <c>DIRECTORY/index.html</c>, in
    /// the harness's order; a page or a store that cannot be written or read is an
    /// <see cref="OutputException"/> naming it.
    /// </summary>
    public static (string Path, StoreContents Contents) Merge(IReadOnlyList<string> stores, string directory)
    {
        try
        {
            return ComparisonPage.Write(stores, directory, BackendNames.All, [NemesisNames.None, .. NemesisNames.Faults]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"cannot merge the stores into {Path.Combine(directory, ComparisonPage.FileName)}: {e.Message}", e);
        }
    }

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
        var skipped = contents.Skipped.Count > 0 ? $"; {Words.Count(contents.Skipped.Count, "directory", "directories")} not runs" : string.Empty;
        var stores = contents.Stores.Count > 0 ? $" of {Words.Count(contents.Stores.Count, "store")}, {contents.Runs.Count - cells} superseded" : string.Empty;
        return $"compared  {path}: {Words.Count(contents.Runs.Count, "run")} in {Words.Count(cells, "cell")}{stores}{skipped}";
    }
}
