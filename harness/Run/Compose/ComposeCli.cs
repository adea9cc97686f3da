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

    /// <summary>The first of v2 and 1.29 that answers <c>version</c>; none is a missing prerequisite (exit 69).</summary>
    public static async Task<ComposeCli> FindAsync(CancellationToken cancel)
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

        throw new PrerequisiteException("neither `docker compose` nor `docker-compose` answers: install docker-compose (apt-get install docker-compose)");
    }

    /// <summary>The arguments of <paramref name="verb"/> on project <paramref name="project"/> of these files.</summary>
    public IReadOnlyList<string> Arguments(string project, IReadOnlyList<string> files, params string[] verb) =>
        [.. Prefix, "-p", project, .. files.SelectMany(f => new[] { "-f", f }), .. verb];

    public override string ToString() => string.Join(' ', [File, .. Prefix]);
}
