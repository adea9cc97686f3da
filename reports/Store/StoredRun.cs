using System.Text.Json;
using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Reports.Store;

/// <summary>
/// What the comparison page needs of one run directory in the store, read from its
/// <c>test.json</c> (what was run) and <c>results.json</c> (what the checker found).
/// </summary>
public sealed record StoredRun(string Name, string Backend, string Nemesis, Validity Valid)
{
    public long? Seed { get; init; }

    public double? TimeLimitS { get; init; }

    public double? TtlMs { get; init; }

    public bool Fencing { get; init; } = true;

    /// <summary>When the run started (test.json's <c>started</c>), for ordering; the directory name breaks ties.</summary>
    public DateTimeOffset? Started { get; init; }

    /// <summary>Violations by kind: how many entries results.json lists of each.</summary>
    public IReadOnlyDictionary<string, int> Kinds { get; init; } = new Dictionary<string, int>();

    /// <summary>The longest overlap of a stale leader with its successor, when there was one.</summary>
    public long? WorstOverlapNs { get; init; }

    /// <summary>Stale writes the ledger accepted: the acts the stale-write-accepted violations cover.</summary>
    public long StaleWritesAccepted { get; init; }

    public FencingStats? Refused { get; init; }

    public FailoverStats? Failover { get; init; }

    /// <summary>The page to link: report.html when the run has one, else results.json.</summary>
    public string Page { get; init; } = StoreLayout.ResultsFile;

    public int StaleLeaders => Kinds.GetValueOrDefault(ViolationKinds.StaleLeader);

    public int ViolationCount => Kinds.Values.Sum();

    /// <summary>The candidate of the contract that ran (docs/candidate.md), or null for ours.</summary>
    public string? Candidate { get; init; }

    /// <summary>
    /// A row of the comparison: the backend (our recipe on it) or the candidate on its backend,
    /// and "fencing off" when the ledger did not fence.
    /// </summary>
    public string Row => (Candidate is { } c ? $"{c} on {Backend}" : Backend) + (Fencing ? string.Empty : ", fencing off");

    /// <summary>
    /// Reads the run in <paramref name="directory"/>. A directory that is not a run (no
    /// test.json or results.json) gives null with <paramref name="why"/> saying so.
    /// </summary>
    public static StoredRun? Read(string directory, out string? why)
    {
        why = null;
        var testPath = Path.Combine(directory, StoreLayout.TestFile);
        var resultsPath = Path.Combine(directory, StoreLayout.ResultsFile);
        if (!File.Exists(resultsPath))
        {
            why = $"no {StoreLayout.ResultsFile} (a run still going, or one killed before its check)";
            return null;
        }

        if (!File.Exists(testPath))
        {
            why = $"no {StoreLayout.TestFile} (a check of a history from elsewhere)";
            return null;
        }

        try
        {
            return Of(Path.GetFileName(directory), TestJson.Read(testPath), ResultsJson.Read(resultsPath), File.Exists(Path.Combine(directory, StoreLayout.ReportFile)));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Files from elsewhere may hold anything (a duplicate key throws ArgumentException
            // on lookup): the run is listed as unreadable, never a reason to fail the page.
            why = $"unreadable: {e.Message}";
            return null;
        }
    }

    internal static StoredRun Of(string name, TestJson test, CheckResult results, bool hasReport)
    {
        var backend = test.Backend ?? throw new JsonException($"{StoreLayout.TestFile} names no backend");
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        long? worst = null;
        long staleWrites = 0;
        foreach (var v in results.Violations)
        {
            kinds[v.Kind] = kinds.GetValueOrDefault(v.Kind) + 1;
            if (v.Kind == ViolationKinds.StaleWriteAccepted) staleWrites += v.Count;
            if (v.Kind == ViolationKinds.StaleLeader && v.OverlapNs is { } overlap) worst = Math.Max(worst ?? 0, overlap);
        }

        return new StoredRun(name, backend, test.Nemeses.Count == 0 ? "none" : string.Join(",", test.Nemeses), results.Valid)
        {
            Seed = test.Seed,
            Candidate = test.Candidate?.Name,
            TimeLimitS = test.TimeLimitS,
            TtlMs = test.TtlMs,
            Fencing = test.Fencing,
            Started = test.Started,
            Kinds = kinds,
            WorstOverlapNs = worst,
            StaleWritesAccepted = staleWrites,
            Refused = results.Fencing,
            Failover = results.Failover,
            Page = hasReport ? StoreLayout.ReportFile : StoreLayout.ResultsFile,
        };
    }
}

/// <summary>Every run of a store, newest first, and the directories that are not runs, with why.</summary>
public sealed record StoreContents(IReadOnlyList<StoredRun> Runs, IReadOnlyList<(string Name, string Why)> Skipped)
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
