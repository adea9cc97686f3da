namespace ElectionJepsen.Harness.Cli;

/// <summary>
/// Writing what a verb produces (results, reports, JUnit, the store): a failure of the file
/// system (a file where a directory should be, no permission, a read-only or full disk) is
/// the environment's, not ours, and becomes an <see cref="OutputException"/> naming the path
/// and why (exit 73).
/// </summary>
public static class Outputs
{
    /// <summary>Runs <paramref name="write"/>, which writes <paramref name="what"/> at <paramref name="path"/>.</summary>
    public static T Write<T>(string what, string path, Func<T> write)
    {
        try
        {
            return write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"cannot write the {what} {path}: {Why(e)}", e);
        }
    }

    public static void Write(string what, string path, Action write) =>
        Write(what, path, () =>
        {
            write();
            return true;
        });

    /// <summary>Creates <paramref name="directory"/> (and its parents) for <paramref name="what"/>.</summary>
    public static void Directory(string what, string directory) =>
        Write(what, directory, () => System.IO.Directory.CreateDirectory(directory));

    /// <summary>
    /// Before a long run: makes the directory of <paramref name="file"/> and creates and removes
    /// a file beside it, so that a path that cannot be written is refused at once, not after the run.
    /// </summary>
    public static void Probe(string what, string file) =>
        Write(what, file, () =>
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(file))!;

            // Leave no trace: the folders made for the probe go again with it.
            var made = new Stack<string>();
            for (var d = directory; d is not null && !System.IO.Directory.Exists(d); d = Path.GetDirectoryName(d)) made.Push(d);
            System.IO.Directory.CreateDirectory(directory);
            try
            {
                var probe = Path.Combine(directory, $".{Path.GetFileName(file)}.{Environment.ProcessId}.probe");
                File.Create(probe).Dispose();
                File.Delete(probe);
            }
            finally
            {
                foreach (var d in made.Reverse()) System.IO.Directory.Delete(d);
            }
        });

    /// <summary>Why a write failed, in words: errno where the runtime gives it, else its message.</summary>
    public static string Why(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException => "a directory on its way is missing or is a file",
        FileNotFoundException => "it cannot be created there (no such file or directory)",
        IOException { HResult: 28 } => "no space left on the device",
        IOException { HResult: 30 } => "the file system is read-only",
        IOException { HResult: 20 } => "a part of the path is a file, not a directory",
        IOException { HResult: 21 } => "it is a directory",
        IOException { HResult: 17 } => "a file is in the way of a directory",
        IOException { HResult: 2 } => "a directory of the path does not exist",
        _ => e.Message,
    };
}
