using System.Globalization;

namespace ElectionJepsen.Harness.Runtime;

public static partial class Signals
{
    /// <summary>
    /// Sends the signal to a process and every process it forked, children first found through
    /// /proc. A server that forks one process per connection (postgres) is paused or killed
    /// whole this way. The root is stopped first, so that it forks nothing new while its
    /// descendants are found (for SIGSTOP and SIGKILL); the root gets the signal last. False
    /// when the root is gone.
    /// </summary>
    public static bool SendTree(int pid, int signal)
    {
        if (signal is Stop or Kill && !Send(pid, Stop)) return false;
        foreach (var child in Descendants(pid)) Send(child, signal);
        return Send(pid, signal);
    }

    /// <summary>Every process whose parent, or parent's parent and so on, is <paramref name="pid"/>.</summary>
    public static IReadOnlyList<int> Descendants(int pid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var p) || ParentOf(p) is not { } parent) continue;
            if (!children.TryGetValue(parent, out var list)) children[parent] = list = [];
            list.Add(p);
        }

        var found = new List<int>();
        var next = new Queue<int>([pid]);
        while (next.TryDequeue(out var p))
        {
            if (!children.TryGetValue(p, out var list)) continue;
            found.AddRange(list);
            foreach (var c in list) next.Enqueue(c);
        }

        return found;
    }

    /// <summary>Field 4 of /proc/PID/stat, or null when the process is gone.</summary>
    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ', 3);
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
