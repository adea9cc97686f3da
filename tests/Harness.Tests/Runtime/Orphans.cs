using System.Runtime.InteropServices;

namespace ElectionJepsen.Harness.Tests.Runtime;

/// <summary>
/// A test that kills a harness on purpose orphans its servers. Where PID 1 does not reap
/// (as in some sandboxes), their corpses would linger once cleanup kills them; so the test
/// process adopts orphans (child subreaper) and reaps exactly the ones it names.
/// </summary>
internal static partial class Orphans
{
    private const int PrSetChildSubreaper = 36;
    private const int WNoHang = 1;

    public static void Adopt() => _ = Prctl(PrSetChildSubreaper, 1, 0, 0, 0);

    public static void Reap(IEnumerable<int> pids)
    {
        foreach (var pid in pids) _ = WaitPid(pid, out _, WNoHang);
    }

    [LibraryImport("libc", EntryPoint = "prctl")]
    private static partial int Prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    [LibraryImport("libc", EntryPoint = "waitpid")]
    private static partial int WaitPid(int pid, out int status, int options);
}
