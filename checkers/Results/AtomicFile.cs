using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.Checkers.Results;

/// <summary>
/// Writes a file whole or not at all, and durably: into a temporary file beside it (named for
/// this process and this write, so two writers of the same file never share one), synced to the
/// disk, renamed over the file, and the directory synced. A reader sees the old file or the
/// new one, never half of one, and a power cut at any moment leaves one of the two whole,
/// never an empty file; a failed write leaves the old file and no temporary one.
/// </summary>
public static class AtomicFile
{
    private static long _writes;

    /// <summary>Writes the file through <paramref name="write"/>, which leaves the stream open: it is synced after.</summary>
    public static void Write(string path, Action<Stream> write) => Write(path, write, Durability.Disk);

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(text);
        });

    internal static void Write(string path, Action<Stream> write, Durability durability)
    {
        var temp = $"{path}.{Environment.ProcessId}-{Interlocked.Increment(ref _writes)}.tmp";
        try
        {
            using (var stream = File.Create(temp))
            {
                write(stream);
                durability.File(stream);
            }

            File.Move(temp, path, overwrite: true);
            durability.Directory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>How the file's contents and the directory's entries reach the disk (tests watch the order).</summary>
    internal sealed record Durability(Action<FileStream> File, Action<string> Directory)
    {
        public static readonly Durability Disk = new(FileSync.Data, FileSync.Entries);
    }
}
