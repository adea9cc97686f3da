using System.Globalization;
using System.Text.Json;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>
/// Who owns each run's resources: a small file per run id in /run/electionjepsen holding
/// the owner's PID and its start time, so that a later start can tell a live run (leave
/// it alone) from one whose harness died (reap it), even if the PID was reused.
/// </summary>
public static class RunRegistry
{
    public static string Directory { get; set; } = "/run/electionjepsen";

    public static void Register(string runId)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var me = Environment.ProcessId;
        File.WriteAllText(PathOf(runId), JsonSerializer.Serialize(new Owner(me, StartTicks(me) ?? 0)));
    }

    public static void Unregister(string runId) => File.Delete(PathOf(runId));

    /// <summary>True when the run's owner is still running.</summary>
    public static bool IsAlive(string runId)
    {
        try
        {
            var owner = JsonSerializer.Deserialize<Owner>(File.ReadAllText(PathOf(runId)));
            return owner is not null && StartTicks(owner.Pid) == owner.StartTicks;
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return false;
        }
    }

    /// <summary>Run ids with a registry entry.</summary>
    public static IEnumerable<string> Known() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!)
            : [];

    /// <summary>A process's start time in clock ticks since boot (field 22 of /proc/PID/stat), or null if it is gone.</summary>
    public static long? StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return long.Parse(fields[19], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string PathOf(string runId) => Path.Combine(Directory, runId + ".json");

    private sealed record Owner(int Pid, long StartTicks);
}
