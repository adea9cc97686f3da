using System.Runtime.InteropServices;
using System.Text;

namespace ElectionJepsen.Checkers.History;

/// <summary>
/// Makes written data survive a power cut: a file's contents (fsync of its handle), and a
/// directory's entries (fsync of the directory, so that a file created or renamed in it is
/// there after the cut). .NET opens no directory, so the directory is opened with libc.
/// </summary>
internal static class FileSync
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000;
    private const int CloseOnExec = 0x80000;
    private const int Invalid = 22;
    private const int NotSupported = 95;

    /// <summary>Hands the stream's buffers to the operating system and, for a file, waits until they are on the disk.</summary>
    public static void Data(Stream stream)
    {
        if (stream is FileStream file) file.Flush(flushToDisk: true);
        else stream.Flush();
    }

    /// <summary>Waits until the directory's entries are on the disk; a file system that cannot (EINVAL) is left as it is.</summary>
    public static void Entries(string directory)
    {
        if (!OperatingSystem.IsLinux()) return;
        var path = Encoding.UTF8.GetBytes(Path.GetFullPath(directory) + "\0");
        var fd = Open(path, ReadOnly | Directory | CloseOnExec);
        if (fd < 0) throw Failure("open", directory);
        try
        {
            if (Fsync(fd) != 0 && Marshal.GetLastPInvokeError() is not (Invalid or NotSupported)) throw Failure("fsync", directory);
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static IOException Failure(string call, string directory)
    {
        var errno = Marshal.GetLastPInvokeError();
        return new IOException($"{call} of directory {directory}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code, which this assembly does not allow; these signatures marshal nothing.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open(byte[] path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
#pragma warning restore SYSLIB1054
}
