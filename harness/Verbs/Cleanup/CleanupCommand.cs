using System.CommandLine;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Runtime.Docker;

namespace ElectionJepsen.Harness.Verbs.Cleanup;

/// <summary>The <c>cleanup</c> verb: removes what earlier runs left (namespaces, links, rules, processes).</summary>
public static class CleanupCommand
{
    public static Command Build(TextWriter stdout)
    {
        var all = new Option<bool>("--all") { Description = "also remove the resources of runs whose harness is still running" };
        var command = new Command("cleanup", """
            Remove every leftover of earlier runs: their network namespaces (with the links and
            iptables rules inside them) and the processes running in them, and, where a Docker
            daemon runs, their containers, networks and volumes. Runs whose harness is
            still alive are left alone unless --all is given. Every run does this on start.

            Examples:
              cleanup
              cleanup --all
            """)
        {
            all,
        };
        command.SetAction(async (parse, cancel) =>
        {
            Prerequisites.RequireRoot("cleanup");
            var docker = await DockerReaper.ReapIfDockerAsync(parse.GetValue(all), cancel);
            var reaped = await Reaper.ReapAsync(parse.GetValue(all));
            Report(stdout, reaped, docker);
            return 0;
        });
        return command;
    }

    public static void Report(TextWriter o, IReadOnlyList<Reaped> reaped, IReadOnlyList<DockerReaped>? docker = null)
    {
        foreach (var d in docker ?? []) o.WriteLine($"cleanup: removed run {d.RunId} from Docker: {DockerReaper.Describe(d)}");
        if (reaped.Count == 0 && docker is not { Count: > 0 })
        {
            o.WriteLine("cleanup: nothing left by earlier runs");
            return;
        }

        foreach (var r in reaped)
        {
            var temp = r.TempDirectories.Count > 0 ? $", temporary files {string.Join(", ", r.TempDirectories)}" : string.Empty;
            o.WriteLine($"cleanup: removed run {r.RunId}: {r.Namespaces.Count} namespaces ({string.Join(", ", r.Namespaces)}), {r.Processes} processes killed{temp}");
        }
    }
}
