namespace ElectionJepsen.Checkers.Results;

/// <summary>
/// Writes a file whole or not at all: into a temporary file beside it (named for this
/// process, so two processes writing the same file do not share one), then renamed over it.
/// A reader sees the old file or the new one, never half of one; a failed write leaves the
/// old file and no temporary one.
/// </summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            using (var stream = File.Create(temp))
            {
                write(stream);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark.</summary>
    public static void WriteText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
            writer.Write(text);
        });
}
