using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Run.Compose;

/// <summary>
/// The compose command of this machine: <c>docker compose</c> (v2) when it answers, else
/// <c>docker-compose</c> (1.29, Debian's). Both read the same files and put the same labels on
/// what they make.
/// </summary>
public sealed record ComposeCli(string File, IReadOnlyList<string> Prefix)
{
    public static readonly ComposeCli V2 = new("docker", ["compose"]);

    public static readonly ComposeCli V1 = new("docker-compose", []);

    /// <summary>Debian's compose (1.29), installed where neither answers.</summary>
    public static Requirement Package { get; } = Requirement.Program("docker-compose", "docker-compose");

    /// <summary>
    /// The first of v2 and 1.29 that answers <c>version</c>. Where neither does, Debian's
    /// docker-compose is installed where the harness may install (saying so), else exit 69.
    /// </summary>
    public static async Task<ComposeCli> FindAsync(string verb, TextWriter say, CancellationToken cancel)
    {
        if (await AnsweringAsync(cancel) is { } found) return found;
        await Prerequisites.InstallMissingAsync(verb, [Package], say, cancel: cancel);
        return await AnsweringAsync(cancel)
            ?? throw new PrerequisiteException("neither `docker compose` nor `docker-compose` answers: install docker-compose (apt-get install docker-compose)");
    }

    private static async Task<ComposeCli?> AnsweringAsync(CancellationToken cancel)
    {
        foreach (var cli in new[] { V2, V1 })
        {
            try
            {
                if ((await Exec.RunAsync(cli.File, [.. cli.Prefix, "version"], timeout: TimeSpan.FromSeconds(10), cancel: cancel)).Ok) return cli;
            }
            catch (Exception e) when (e is System.ComponentModel.Win32Exception or ExecException)
            {
                // Not installed.
            }
        }

        return null;
    }

    /// <summary>The arguments of <paramref name="verb"/> on project <paramref name="project"/> of these files.</summary>
    public IReadOnlyList<string> Arguments(string project, IReadOnlyList<string> files, params string[] verb) =>
        [.. Prefix, "-p", project, .. files.SelectMany(f => new[] { "-f", f }), .. verb];

    public override string ToString() => string.Join(' ', [File, .. Prefix]);
}
