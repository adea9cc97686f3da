using System.Collections.Concurrent;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Tests;

/// <summary>
/// What a test needs from the machine, set up the way a run sets it up
/// (<see cref="Prerequisites.InstallMissingAsync"/>): missing packages are installed as root
/// on Debian or Ubuntu, saying so. Where they may not be (not root, no apt), the test is
/// skipped with the exact command; where the install was tried and failed, it fails with it.
/// Each set of needs is seen to once a process; the installer lets one apt run at a time,
/// here and across the test assemblies that <c>dotnet test</c> runs in parallel.
/// </summary>
public sealed class Packages(IPackageInstaller installer, TextWriter say)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<string?>>> _seen = new();

    /// <summary>The tests' own: apt, and what it does said on the test process's output.</summary>
    public static Packages Machine { get; } = new(new AptInstaller(), Console.Out);

    /// <summary>Installs what <paramref name="needs"/> lacks, or skips the test (a <see cref="SkippableFactAttribute"/>) saying how to get it.</summary>
    public static Task EnsureAsync(params IEnumerable<Requirement> needs) => Machine.RequireAsync(needs);

    public async Task RequireAsync(IEnumerable<Requirement> needs)
    {
        var set = needs.DistinctBy(r => (r.What, r.Package)).ToList();
        var key = string.Join(' ', set.Select(r => $"{r.What}={r.Package}").Order(StringComparer.Ordinal));
        var skip = await _seen.GetOrAdd(key, _ => new Lazy<Task<string?>>(() => InstallAsync(set))).Value;
        Skip.If(skip is not null, skip);
    }

    /// <summary>Null when everything is there now; the reason to skip where nothing may be installed.</summary>
    private async Task<string?> InstallAsync(IReadOnlyList<Requirement> needs)
    {
        try
        {
            await Prerequisites.InstallMissingAsync("this test", needs, say, installer);
            return null;
        }
        catch (PrerequisiteException e) when (!Prerequisites.MayInstall(installer))
        {
            return e.Message;
        }
    }
}
