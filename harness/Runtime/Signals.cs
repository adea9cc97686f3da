using System.Runtime.InteropServices;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>POSIX signals to processes by PID.</summary>
public static partial class Signals
{
    public const int Kill = 9;
    public const int Term = 15;
    public const int Cont = 18;
    public const int Stop = 19;

    /// <summary>Sends the signal; false when the process no longer exists.</summary>
    public static bool Send(int pid, int signal) => NativeKill(pid, signal) == 0;

    public static bool IsRunning(int pid) => NativeKill(pid, 0) == 0 && !IsZombie(pid);

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int signal);
}
