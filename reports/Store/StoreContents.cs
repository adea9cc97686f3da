namespace ElectionJepsen.Reports.Store;

/// <summary>Every run of a store, newest first, and the directories that are not runs, with why.</summary>
public sealed partial record StoreContents(IReadOnlyList<StoredRun> Runs, IReadOnlyList<(string Name, string Why)> Skipped)
{
    public static StoreContents Scan(string store)
    {
        var runs = new List<StoredRun>();
        var skipped = new List<(string, string)>();
        foreach (var dir in Directory.EnumerateDirectories(store))
        {
            var name = Path.GetFileName(dir);
            if (name == StoreLayout.Latest) continue;
            if (new DirectoryInfo(dir).LinkTarget is { } target)
            {
                skipped.Add((name, $"a link to {target}, compared where it points if that is in the store"));
                continue;
            }

            if (StoredRun.Read(dir, out var why) is { } run) runs.Add(run);
            else skipped.Add((name, why!));
        }

        return new StoreContents(
            [.. runs.OrderByDescending(r => r.Started ?? DateTimeOffset.MinValue).ThenByDescending(r => r.Name, StringComparer.Ordinal)],
            [.. skipped.OrderBy(s => s.Item1, StringComparer.Ordinal)]);
    }
}
