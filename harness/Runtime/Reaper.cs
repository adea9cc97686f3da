using System.Text.RegularExpressions;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>What the reaper removed.</summary>
public sealed record Reaped(string RunId, IReadOnlyList<string> Namespaces, int Processes)
{
    public IReadOnlyList<string> TempDirectories { get; init; } = [];
}

/// <summary>
/// Finds what earlier runs left behind (namespaces named <c>ej-RUNID-…</c>, with their links,
/// rules and processes) and removes it, leaving alone the runs whose owner is still alive.
/// </summary>
public static partial class Reaper
{
    public static async Task<IReadOnlyList<Reaped>> ReapAsync(bool includeLive = false)
    {
        var byRun = (await LocalNetwork.ListNamespacesAsync())
            .Select(ns => (Ns: ns, Match: Pattern().Match(ns)))
            .Where(x => x.Match.Success)
            .GroupBy(x => x.Match.Groups[1].Value, x => x.Ns);
        var reaped = new List<Reaped>();
        foreach (var run in byRun)
        {
            if (!includeLive && RunRegistry.IsAlive(run.Key)) continue;
            var namespaces = run.ToList();
            var killed = await LocalNetwork.RemoveNamespacesAsync(namespaces);
            RunRegistry.Unregister(run.Key);
            reaped.Add(new Reaped(run.Key, namespaces, killed) { TempDirectories = RemoveTempDirectories(run.Key) });
        }

        // Temporary folders of dead runs whose namespaces were already gone.
        foreach (var id in TempRunIds().Where(id => reaped.All(r => r.RunId != id) && (includeLive || !RunRegistry.IsAlive(id))))
        {
            reaped.Add(new Reaped(id, [], 0) { TempDirectories = RemoveTempDirectories(id) });
        }

        // Registry entries of dead runs that left nothing behind.
        foreach (var id in RunRegistry.Known())
        {
            if ((includeLive || !RunRegistry.IsAlive(id)) && reaped.All(r => r.RunId != id)) RunRegistry.Unregister(id);
        }

        return reaped;
    }

    /// <summary>The folders where runs leave files: the temporary folder, and the hosts' own /etc files.</summary>
    private static IEnumerable<string> Parents() => new[] { Path.GetTempPath(), LocalNetwork.EtcNetns }.Where(Directory.Exists);

    /// <summary>Removes the run's temporary folders (<c>/tmp/ej-RUNID-…</c>, <c>/etc/netns/ej-RUNID-…</c>).</summary>
    private static IReadOnlyList<string> RemoveTempDirectories(string runId)
    {
        var removed = new List<string>();
        foreach (var dir in Parents().SelectMany(p => Directory.EnumerateDirectories(p, $"ej-{runId}-*")))
        {
            try
            {
                Directory.Delete(dir, recursive: true);
                removed.Add(dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }

        return removed;
    }

    private static IEnumerable<string> TempRunIds() =>
        Parents().SelectMany(p => Directory.EnumerateDirectories(p, "ej-*"))
            .Select(d => Pattern().Match(Path.GetFileName(d)))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .Distinct()
            .ToList();

    [GeneratedRegex("^ej-([0-9a-f]{6})-")]
    private static partial Regex Pattern();
}
