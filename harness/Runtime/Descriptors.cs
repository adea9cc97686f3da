using System.Runtime.InteropServices;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>File descriptors, where .NET has no call of its own.</summary>
public static partial class Descriptors
{
    /// <summary>
    /// A second descriptor of the same open file or socket (dup(2)), owned by whoever takes it:
    /// a socket made inside a host's namespace can be handed to a server that closes its own
    /// descriptor, while the Socket object that made it is disposed as usual.
    /// </summary>
    public static int Duplicate(nint descriptor)
    {
        var copy = Dup((int)descriptor);
        return copy >= 0 ? copy : throw new IOException($"dup of descriptor {descriptor} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int fd);
}
