using System.Runtime.InteropServices;
using System.Text.Json;

namespace ElectionJepsen.Workloads.Peers.Raft;

/// <summary>
/// Raft's durable state: the current term and the vote given in it, written to this
/// candidate's own disk (a new file, fsynced, renamed over the old, the folder fsynced)
/// before anything that depends on it is sent. A restarted candidate reads it back.
/// </summary>
public sealed partial class RaftState
{
    private readonly string _path;

    private RaftState(string path, long term, string? votedFor)
    {
        _path = path;
        Term = term;
        VotedFor = votedFor;
    }

    public long Term { get; private set; }

    public string? VotedFor { get; private set; }

    public static RaftState Open(string directory)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "raft-state.json");
        if (!File.Exists(path)) return new RaftState(path, 0, null);
        var saved = JsonSerializer.Deserialize<Saved>(File.ReadAllBytes(path)) ?? throw new InvalidDataException($"{path} is empty");
        return new RaftState(path, saved.Term, saved.VotedFor);
    }

    public void Save(long term, string? votedFor)
    {
        if (term == Term && votedFor == VotedFor) return;
        var temp = _path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            file.Write(JsonSerializer.SerializeToUtf8Bytes(new Saved(term, votedFor)));
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, _path, overwrite: true);
        SyncDirectory(Path.GetDirectoryName(_path)!);
        (Term, VotedFor) = (term, votedFor);
    }

    /// <summary>fsync of the folder, so that the rename itself is on disk.</summary>
    private static void SyncDirectory(string directory)
    {
        var fd = Open(directory, 0);
        if (fd < 0) return;
        _ = Fsync(fd);
        _ = Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    private sealed record Saved(long Term, string? VotedFor);
}
