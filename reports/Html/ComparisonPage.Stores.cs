using System.Globalization;
using System.Text;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Reports.Html;

public static partial class ComparisonPage
{
    /// <summary>
    /// Merges the runs of several <paramref name="stores"/> (the stores of several hosts or CI
    /// jobs, or one store seen from elsewhere) into <c>DIRECTORY/index.html</c> (atomically;
    /// the folder is made if need be): each cell shows the newest run of its pair across every
    /// store, the list of every run says which store each came from and which a newer run of its
    /// cell superseded, and every link is relative to <paramref name="directory"/>. Returns the
    /// path and what was compared.
    /// </summary>
    /// <exception cref="IOException">a store cannot be read, or the page cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">the same, for want of permission.</exception>
    public static (string Path, StoreContents Contents) Write(IReadOnlyList<string> stores, string directory, IReadOnlyList<string> backendOrder, IReadOnlyList<string> nemesisOrder)
    {
        var contents = StoreContents.Merge(stores, directory);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);
        AtomicFile.WriteText(path, Render(directory, contents, backendOrder, nemesisOrder));
        return (path, contents);
    }

    /// <summary>What the page compares: its store, or the stores merged into it.</summary>
    private static string Source(string store, StoreContents contents) =>
        contents.Stores.Count == 0 ? Path.GetFullPath(store) : $"{Words.Count(contents.Stores.Count, "store")} ({string.Join(", ", contents.Stores)})";

    /// <summary>" (from STORE)" for a run of a merged page, nothing on its store's own.</summary>
    private static string From(StoredRun r) => r.Store is { } store ? $" (from {store})" : string.Empty;

    /// <summary>The store of <paramref name="run"/>, and whether it is its cell's <paramref name="newest"/> or was superseded by it.</summary>
    private static void Provenance(StringBuilder html, StoredRun run, StoredRun newest)
    {
        var inv = CultureInfo.InvariantCulture;
        html.Append(inv, $"<td>{Html.Encode(run.Store ?? string.Empty)}</td>");
        html.Append(ReferenceEquals(run, newest)
            ? "<td class=\"shown\">shown</td>"
            : string.Create(inv, $"<td class=\"superseded\" style=\"color:#9aa3b5\">superseded by <a href=\"{Href(newest)}\">{Html.Encode(newest.Name)}</a>{Html.Encode(From(newest))}</td>"));
    }
}
