using System.Diagnostics;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>
/// apt-get on Debian and Ubuntu: <c>apt-get update</c> (once a process), then the install.
/// One install at a time on the machine, since a run, the tests of several assemblies
/// (<c>dotnet test</c> runs them in parallel processes) and other harnesses may all install
/// at once: within a process a semaphore, between processes an exclusive lock on
/// <see cref="LockPath"/> (flock(2), the lock <c>flock /run/electionjepsen/apt.lock
/// apt-get ...</c> takes); and apt waits for its own lock instead of failing when something
/// else on the machine holds it.
/// </summary>
public sealed class AptInstaller : IPackageInstaller
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);
    private static bool _updated;

    /// <summary>The file every installer of ours locks while apt runs.</summary>
    public static string LockPath { get; set; } = "/run/electionjepsen/apt.lock";

    /// <summary>How long an install waits for another to finish.</summary>
    public static TimeSpan LockWait { get; } = TimeSpan.FromMinutes(15);

    /// <summary>apt's option to wait up to 5 minutes for its own lock.</summary>
    public static IReadOnlyList<string> WaitForAptLock { get; } = ["-o", "DPkg::Lock::Timeout=300"];

    public bool CanInstall => IsDebianLike() && Requirement.FindProgram("apt-get") is not null;

    public async Task InstallAsync(IReadOnlyList<string> packages, CancellationToken cancel)
    {
        await OneAtATime.WaitAsync(cancel);
        try
        {
            using var held = await LockAsync(LockPath, LockWait, cancel);
            if (!_updated)
            {
                await Exec.CheckedAsync("apt-get", [.. WaitForAptLock, "update", "-qq"], timeout: TimeSpan.FromMinutes(5), cancel: cancel);
                _updated = true;
            }

            await Exec.CheckedAsync("apt-get", [.. WaitForAptLock, "install", "-y", "-qq", .. packages], timeout: TimeSpan.FromMinutes(10), cancel: cancel);
        }
        finally
        {
            OneAtATime.Release();
        }
    }

    /// <summary>
    /// Takes an exclusive lock on the file (made if absent), waiting while another holder
    /// (another process, or another open of it in this one) has it; disposing releases it.
    /// </summary>
    public static async Task<IDisposable> LockAsync(string path, TimeSpan wait, CancellationToken cancel)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                // On Unix, FileShare.None takes flock(LOCK_EX | LOCK_NB) on the open file.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < wait)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancel);
            }
            catch (IOException)
            {
                throw new PrerequisiteException($"another install held {path} for {wait.TotalSeconds:0.#} s; try again when it is done");
            }
        }
    }

    private static bool IsDebianLike()
    {
        try
        {
            var release = File.ReadAllText("/etc/os-release");
            return release.Contains("ID=debian", StringComparison.Ordinal) || release.Contains("ID=ubuntu", StringComparison.Ordinal) ||
                   release.Contains("ID_LIKE=debian", StringComparison.Ordinal) || release.Contains("ID_LIKE=ubuntu", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
