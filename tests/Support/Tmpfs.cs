using System.Diagnostics;

namespace ElectionJepsen.TestSupport;

/// <summary>
/// A small real file system (tmpfs, mounted as root) that fills up: a disk-full that the
/// kernel itself reports (ENOSPC). Unmounted and removed when the test ends.
/// </summary>
public sealed class Tmpfs : IDisposable
{
    private readonly TempDir _dir = new();

    public Tmpfs(string size)
    {
        Run("mount", "-t", "tmpfs", "-o", $"size={size},mode=0755", "tmpfs", _dir.Path);
    }

    public string Path => _dir.Path;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Fills all but about <paramref name="leave"/> bytes with a ballast file.</summary>
    public void Fill(long leave)
    {
        var free = new DriveInfo(Path).AvailableFreeSpace;
        using var ballast = new FileStream(File("ballast"), FileMode.Create);
        var chunk = new byte[4096];
        for (var written = 0L; written < free - leave; written += chunk.Length) ballast.Write(chunk);
    }

    public void Dispose()
    {
        try
        {
            Run("umount", "-l", Path);
        }
        finally
        {
            _dir.Dispose();
        }
    }

    private static void Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)}: {error.Trim()}");
    }
}
