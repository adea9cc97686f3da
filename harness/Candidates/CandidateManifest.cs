using System.Security.Cryptography;
using System.Text;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Candidates;

/// <summary>
/// A candidate written by anyone: its folder and what its <c>candidate.json</c> says. The one
/// owner of that file: <see cref="Read"/> reads and validates it, and every mistake in it is a
/// usage error (exit 64) of one line naming the folder, the field and what is allowed.
/// </summary>
public sealed partial record CandidateManifest(
    string Directory,
    string Name,
    IReadOnlyList<string> Backends,
    IReadOnlyList<string> Run,
    IReadOnlyList<string>? Build,
    IReadOnlyList<string> Packages,
    string StatusPath,
    TimeSpan StartTimeout)
{
    /// <summary>The manifest's file name in a candidate's folder.</summary>
    public const string FileName = "candidate.json";

    /// <summary>The backend of a candidate that elects among the candidates themselves, with no servers.</summary>
    public const string NoBackend = BackendNames.None;

    public const string DefaultStatusPath = "/leader";

    public static readonly TimeSpan DefaultStartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The backends a manifest may list: every one <c>--backend</c> takes, and <see cref="NoBackend"/>.</summary>
    public static IReadOnlyList<string> KnownBackends { get; } = [.. BackendNames.All, NoBackend];

    /// <summary>
    /// The name for files and folders: lowercase letters, digits and '-', from <see cref="Name"/>;
    /// a name with none of those gets one from its hash, so it is never empty.
    /// </summary>
    public string Slug => SlugOf(Name);

    /// <summary>The folder as the user would write it: relative to the current directory when inside it.</summary>
    public string Shown => ShownPath(Directory);

    /// <summary>Stops (exit 64) unless the manifest lists <paramref name="backend"/>.</summary>
    public void Require(string backend)
    {
        if (!Backends.Contains(backend, StringComparer.Ordinal))
        {
            throw new UsageException($"{FileName} in {Shown}: \"backends\" lists {string.Join(", ", Backends)}; the candidate \"{Name}\" cannot campaign on {backend}");
        }
    }

    internal static string SlugOf(string name)
    {
        var slug = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9')) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }

        var trimmed = slug.ToString().TrimEnd('-');
        return trimmed.Length > 0
            ? trimmed
            : "candidate-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..8];
    }

    internal static string ShownPath(string fullPath)
    {
        var relative = Path.GetRelativePath(System.IO.Directory.GetCurrentDirectory(), fullPath);
        return relative == ".." || relative.StartsWith("../", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? fullPath : relative;
    }
}
