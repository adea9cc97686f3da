using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Run;

/// <summary>
/// The rows a run command asks for: our recipe on each backend of <c>--backend</c>, or, with
/// <c>--candidate</c>, each candidate of the contract on the backends it lists (the first one
/// unless <c>--backend</c> names others; <c>--backend all</c> is every one it lists).
/// </summary>
public static class MatrixRows
{
    public const string All = "all";

    /// <summary>Where <c>--candidate all</c> looks: the folder <c>examples</c> where the harness runs (the repository's root).</summary>
    public static string Examples => Path.Combine(Environment.CurrentDirectory, "examples");

    /// <summary>The rows of our candidate, of the candidates' folders, or of the candidate that <paramref name="image"/> is (<c>--candidate-image</c>).</summary>
    public static IReadOnlyList<MatrixRow> Of(IReadOnlyList<string> candidates, string backendText, bool backendGiven, string? image = null)
    {
        if (image is not null && candidates.Count > 0) throw new UsageException("--candidate-image is a candidate of its own; leave out --candidate");
        if (image is not null && image.Trim().Length == 0) throw new UsageException("--candidate-image needs an image's name, such as myservice:latest");
        if (candidates.Count == 0 && image is null) return [.. Backends(backendText, contract: false).Select(b => new MatrixRow(b, BackendCatalog.ByName[b]))];
        if (candidates.Contains(All) && candidates.Count > 1) throw new UsageException($"--candidate {All} runs every folder under {Examples} and stands alone; name the folders instead");
        var everyExample = candidates.Count > 0 && candidates[0] == All;
        var manifests = image is not null ? [CandidateManifest.OfImage(image.Trim())] : everyExample ? ExampleManifests() : [.. candidates.Select(CandidateManifest.Read)];
        var every = !backendGiven || backendText.Trim() == All;
        var asked = every ? [] : Backends(backendText, contract: true);
        var rows = new List<MatrixRow>();
        foreach (var m in manifests)
        {
            var on = !backendGiven ? [m.Backends[0]] : every ? m.Backends : asked;
            foreach (var b in on)
            {
                if (!m.Backends.Contains(b))
                {
                    if (everyExample) continue;
                    m.Require(b);
                }

                rows.Add(new MatrixRow(b, BackendCatalog.ForCandidate(b), m));
            }
        }

        if (rows.Count == 0) throw new UsageException($"no candidate under {Examples} campaigns on {backendText}; their backends: {string.Join("; ", manifests.Select(m => $"{m.Name}: {string.Join(", ", m.Backends)}"))}");
        return rows;
    }

    /// <summary>The backends of <c>--backend</c>: one name, a comma list, or all; <c>none</c> only for a candidate of the contract.</summary>
    private static IReadOnlyList<string> Backends(string text, bool contract)
    {
        var known = contract ? [.. BackendNames.All, BackendNames.None] : BackendNames.All;
        if (text.Trim() == All) return known;
        var list = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        var bad = list.FirstOrDefault(b => !known.Contains(b));
        if (list.Count == 0 || bad is not null)
        {
            var none = bad == BackendNames.None ? $" ({BackendNames.None} goes with --candidate: a program whose candidates elect among themselves)" : string.Empty;
            throw new UsageException($"--backend \"{bad ?? text}\" is not a backend{none}; the backends are {string.Join(", ", BackendNames.All)} (one, a comma list, or {All})");
        }

        return list;
    }

    private static List<CandidateManifest> ExampleManifests()
    {
        if (!Directory.Exists(Examples)) throw new UsageException($"--candidate {All}: there is no folder {Examples}; run from the repository's root, or name the candidates' folders");
        var found = CandidateManifest.FoldersIn(Examples).Select(CandidateManifest.Read).ToList();
        return found.Count > 0 ? found : throw new UsageException($"--candidate {All}: no folder under {Examples} has a {CandidateManifest.FileName}");
    }
}
