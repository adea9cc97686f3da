using System.Runtime.InteropServices;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>
/// Runs code inside a named network namespace, without starting a process: a dedicated
/// thread joins the namespace (setns), so that sockets it opens belong to it. The harness
/// uses this to probe ports on hosts it has no route to from the root namespace.
/// </summary>
public static partial class NetworkNamespace
{
    private const int CloneNewNet = 0x40000000;

    public static Task<T> RunAsync<T>(string name, Func<T> body)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Enter(name);
                done.SetResult(body());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = $"netns {name}",
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>Moves the calling thread into the named namespace: sockets it opens from then on belong to it.</summary>
    internal static void Enter(string name)
    {
        using var handle = File.OpenHandle($"/run/netns/{name}");
        if (SetNs((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
        {
            throw new IOException($"cannot enter network namespace {name}: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
