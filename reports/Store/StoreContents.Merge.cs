namespace ElectionJepsen.Reports.Store;

public sealed partial record StoreContents
{
    /// <summary>
    /// The stores the runs were read from, as the page names them, when the page is not one
    /// store's own (<see cref="Merge"/>); empty for a store's own page (<see cref="Scan"/>).
    /// </summary>
    public IReadOnlyList<string> Stores { get; init; } = [];

    /// <summary>
    /// Every run of several <paramref name="stores"/>, as seen from a page written in
    /// <paramref name="page"/>, newest first: each run names its store and links to its
    /// directory relative to the page, so two runs of one name in two stores (made on two
    /// hosts) are both kept. A store given twice, under any spelling, is read once. Runs that
    /// started at the same moment keep the order of the directory names, then of the stores.
    /// </summary>
    public static StoreContents Merge(IReadOnlyList<string> stores, string page)
    {
        var from = Path.GetFullPath(page);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var labels = new List<string>();
        var runs = new List<(StoredRun Run, int Store)>();
        var skipped = new List<(string, string)>();
        foreach (var store in stores)
        {
            var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(store));
            if (!seen.Add(full)) continue;
            var label = Label(store);
            var one = Scan(full);
            runs.AddRange(one.Runs.Select(r => (r with { Store = label, Link = Relative(from, Path.Combine(full, r.Name)) }, labels.Count)));
            skipped.AddRange(one.Skipped.Select(s => ($"{label}/{s.Name}", s.Why)));
            labels.Add(label);
        }

        return new StoreContents(
            [.. runs.OrderByDescending(r => r.Run.Started ?? DateTimeOffset.MinValue).ThenByDescending(r => r.Run.Name, StringComparer.Ordinal).ThenBy(r => r.Store).Select(r => r.Run)],
            [.. skipped.OrderBy(s => s.Item1, StringComparer.Ordinal)])
        {
            Stores = labels,
        };
    }

    /// <summary>
    /// Whether <paramref name="store"/> holds at least one run directory (one with a test.json,
    /// a results.json or a history), readable or not: a folder without any is not a store.
    /// </summary>
    public static bool HoldsRuns(string store) =>
        Directory.EnumerateDirectories(store).Any(dir =>
            Path.GetFileName(dir) != StoreLayout.Latest
            && (File.Exists(Path.Combine(dir, StoreLayout.TestFile)) || File.Exists(Path.Combine(dir, StoreLayout.ResultsFile)) || File.Exists(Path.Combine(dir, StoreLayout.HistoryFile))));

    /// <summary>A store as the user named it, without a trailing separator ("." for the current directory).</summary>
    private static string Label(string store) => Path.TrimEndingDirectorySeparator(store) is { Length: > 0 } label ? label : ".";

    /// <summary>The path from the folder <paramref name="from"/> to <paramref name="to"/>, '/'-separated, "." when they are one.</summary>
    private static string Relative(string from, string to) => Path.GetRelativePath(from, to).Replace(Path.DirectorySeparatorChar, '/');
}
