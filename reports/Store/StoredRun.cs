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

    /// <summary>What the hosts were made of (test.json's <c>runtime</c>).</summary>
    public string Runtime { get; init; } = TestJson.LocalRuntime;

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

    /// <summary>The longest time no leader acted (results.json's <c>without_leader</c>), when the checker gave one.</summary>
    public LeaderlessWindow? WithoutLeader { get; init; }

    /// <summary>The page to link: report.html when the run has one, else results.json.</summary>
    public string Page { get; init; } = StoreLayout.ResultsFile;

    /// <summary>
    /// The store the run was read from, as the page names it, when the page is not its
    /// store's own (several stores merged, or a page written elsewhere); null on its store's page.
    /// </summary>
    public string? Store { get; init; }

    /// <summary>The run's directory as seen from the page that links it, '/'-separated: its name on its store's own page.</summary>
    public string Link
    {
        get => _link ?? Name;
        init => _link = value;
    }

    private readonly string? _link;

    public int StaleLeaders => Kinds.GetValueOrDefault(ViolationKinds.StaleLeader);

    public int ViolationCount => Kinds.Values.Sum();

    /// <summary>The candidate of the contract that ran (docs/candidate.md), or null for ours.</summary>
    public string? Candidate { get; init; }

    /// <summary>
    /// A row of the comparison: the backend (our recipe on it) or the candidate on its backend,
    /// the runtime when it was not the local one, and "fencing off" when the ledger did not fence.
    /// </summary>
    public string Row => (Candidate is { } c ? $"{c} on {Backend}" : Backend)
        + (Runtime == TestJson.LocalRuntime ? string.Empty : $", {Runtime} runtime")
        + (Fencing ? string.Empty : ", fencing off");

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
            Runtime = test.Runtime,
            Started = test.Started,
            Kinds = kinds,
            WorstOverlapNs = worst,
            StaleWritesAccepted = staleWrites,
            Refused = results.Fencing,
            Failover = results.Failover,
            WithoutLeader = results.LongestWithoutLeader,
            Page = hasReport ? StoreLayout.ReportFile : StoreLayout.ResultsFile,
        };
    }
}
