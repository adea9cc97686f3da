using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.Harness.Cli;

namespace ElectionJepsen.Harness.Verbs.List;

/// <summary>A sample as <c>list samples</c> shows it: its folder's name and the first backend its <c>candidate.json</c> lists.</summary>
public sealed record ListedSample(string Name, string Backend)
{
    /// <summary>
    /// The samples under <paramref name="examples"/>, found as <c>--candidate all</c> finds them;
    /// a folder whose manifest does not read is left out, and <paramref name="leftOut"/> told
    /// why in the manifest's own one line.
    /// </summary>
    public static IReadOnlyList<ListedSample> In(string examples, Action<string> leftOut)
    {
        var samples = new List<ListedSample>();
        foreach (var folder in CandidateManifest.FoldersIn(examples))
        {
            try
            {
                samples.Add(new ListedSample(Path.GetFileName(folder), CandidateManifest.Read(folder).Backends[0]));
            }
            catch (UsageException e)
            {
                leftOut(e.Message);
            }
        }

        return samples;
    }
}
