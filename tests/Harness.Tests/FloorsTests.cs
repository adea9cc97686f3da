using System.Text.RegularExpressions;

using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests;

/// <summary>
/// Dependencies inside the harness point one way: the verbs, then the run, then backends and
/// nemeses, then the shared errors and durations (Cli), then the runtime. A file may use its
/// own floor and those below, never one above.
/// </summary>
public partial class FloorsTests
{
    private static readonly Dictionary<string, int> Floors = new(StringComparer.Ordinal)
    {
        ["Runtime"] = 0,
        ["Cli"] = 1,
        ["Backends"] = 2,
        ["Nemeses"] = 2,
        ["Candidates"] = 2,
        ["Run"] = 3,
        ["Verbs"] = 4,
    };

    [SkippableFact]
    public void No_file_of_the_harness_reaches_up_a_floor()
    {
        var harness = HarnessSources();
        Skip.If(harness is null, "the harness's sources are not beside this build (the repository's root has no ElectionJepsen.sln above it)");
        var files = Directory.GetFiles(harness, "*.cs", SearchOption.AllDirectories);
        var upward = new List<string>();
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(harness, file);
            var top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (!Floors.TryGetValue(top, out var floor)) continue;
            foreach (Match m in Reference().Matches(File.ReadAllText(file)))
            {
                if (Floors.TryGetValue(m.Groups["floor"].Value, out var used) && used > floor) upward.Add($"{relative} uses {m.Value}");
            }
        }

        Assert.Contains(files, f => Path.GetFileName(f) == "RunVerb.cs");
        Assert.Empty(upward);
    }

    private static string? HarnessSources()
    {
        var harness = Repository.Root is { } root ? Path.Combine(root, "harness") : null;
        return harness is not null && Directory.Exists(harness) ? harness : null;
    }

    /// <summary>A reference to a namespace of the harness, in a using or written out in full; not a file's own namespace line.</summary>
    [GeneratedRegex(@"(?<!namespace )\bElectionJepsen\.Harness\.(?<floor>[A-Za-z]+)\b")]
    private static partial Regex Reference();
}
