using System.Globalization;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Harness.Run;

/// <summary>
/// A run's directory in the store (<see cref="StoreLayout"/>): <c>STORE/20261123T101500-redis-partition/</c>,
/// and <c>STORE/latest</c> pointing at the newest.
/// </summary>
public sealed class RunStore
{
    private RunStore(string root, string directory)
    {
        Root = root;
        Directory = directory;
    }

    public string Root { get; }

    public string Directory { get; }

    public string Name => Path.GetFileName(Directory);

    public string History => Path.Combine(Directory, StoreLayout.HistoryFile);

    public string TestJson => Path.Combine(Directory, StoreLayout.TestFile);

    public string Log => Path.Combine(Directory, StoreLayout.LogFile);

    public string ControlSocket => Path.Combine(Directory, StoreLayout.ControlSocketFile);

    /// <summary>Makes the run's directory; one that cannot be made (no permission, a full disk) is an <see cref="OutputException"/>.</summary>
    public static RunStore Create(string root, string backend, string nemesis, DateTime startedUtc)
    {
        var stamp = startedUtc.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        var name = $"{stamp}-{backend}-{nemesis}";
        var dir = Path.GetFullPath(Path.Combine(root, name));
        for (var i = 2; System.IO.Directory.Exists(dir); i++) dir = Path.GetFullPath(Path.Combine(root, $"{name}-{i}"));
        try
        {
            System.IO.Directory.CreateDirectory(dir);
            System.IO.Directory.CreateDirectory(Path.Combine(dir, StoreLayout.NodesFolder));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"the run directory {dir} cannot be created: {e.Message}", e);
        }

        return new RunStore(Path.GetFullPath(root), dir);
    }

    /// <summary>Points <c>STORE/latest</c> at this run (a relative symbolic link).</summary>
    public void PointLatest()
    {
        var latest = Path.Combine(Root, StoreLayout.Latest);
        if (File.Exists(latest) || new FileInfo(latest).LinkTarget is not null) File.Delete(latest);
        File.CreateSymbolicLink(latest, Name);
    }
}
