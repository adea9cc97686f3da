using System.Security.Cryptography;
using System.Text;

namespace ElectionJepsen.Harness.Candidates;

/// <summary>
/// The last successful build of a candidate's folder: a digest of every file of the folder
/// (its path, size and last write time; only <c>.git</c> is skipped), taken after the build so
/// that its own outputs are part of it. It is kept outside the folder, in the harness's cache
/// (<c>$XDG_CACHE_HOME</c> or <c>~/.cache</c>, then <c>electionjepsen/builds/</c>, one file named
/// by the SHA-256 of the folder's full path), so that a read-only checkout builds too.
/// </summary>
internal sealed class BuildRecord(string records, string directory)
{
    private static readonly EnumerationOptions Everything = new() { AttributesToSkip = 0, IgnoreInaccessible = false, ReturnSpecialDirectories = false };

    private readonly string _file = Path.Combine(records, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(directory))));

    /// <summary>The harness's cache of builds: <c>$XDG_CACHE_HOME/electionjepsen/builds</c>, or under <c>~/.cache</c>.</summary>
    public static string DefaultDirectory()
    {
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache) || !Path.IsPathRooted(cache))
        {
            cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile, Environment.SpecialFolderOption.DoNotVerify), ".cache");
        }

        return Path.Combine(cache, "electionjepsen", "builds");
    }

    /// <summary>True when a successful build is recorded and nothing in the folder changed since.</summary>
    public bool IsCurrent()
    {
        try
        {
            using var reader = new StreamReader(_file);
            return reader.ReadLine() == Digest(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Forgets the recorded build, before a new one starts: a build that fails is never current.</summary>
    public void Forget()
    {
        try
        {
            File.Delete(_file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // a record that cannot be removed cannot be written either, and IsCurrent will not match it
        }
    }

    /// <summary>Records the folder as it is now, after a successful build; null, or why it could not.</summary>
    public string? Save()
    {
        try
        {
            Directory.CreateDirectory(records);
            var temporary = $"{_file}.{Environment.ProcessId}.tmp";
            File.WriteAllText(temporary, $"{Digest(directory)}\n{directory}\n");
            File.Move(temporary, _file, overwrite: true);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"{_file}: {e.Message}";
        }
    }

    /// <summary>The SHA-256 of every file of the folder as (relative path, size, last write time), in ordinal order of path.</summary>
    public static string Digest(string directory)
    {
        var entries = new List<string>();
        Walk(new DirectoryInfo(directory), directory, entries);
        entries.Sort(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var entry in entries) hash.AppendData(Encoding.UTF8.GetBytes(entry));
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Each entry is its path, then '\0'-separated fields ending in '\0' (no path holds a '\0'). Links are not followed.</summary>
    private static void Walk(DirectoryInfo folder, string root, List<string> entries)
    {
        List<FileSystemInfo> children;
        try
        {
            children = [.. folder.EnumerateFileSystemInfos("*", Everything)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            entries.Add($"{Path.GetRelativePath(root, folder.FullName)}\0unreadable\0");
            return;
        }

        foreach (var child in children)
        {
            if (child.Name == ".git") continue;
            var path = Path.GetRelativePath(root, child.FullName);
            if (child.LinkTarget is { } target) entries.Add($"{path}\0link\0{target}\0");
            else if (child is DirectoryInfo sub) Walk(sub, root, entries);
            else if (child is FileInfo file) entries.Add($"{path}\0file\0{file.Length}\0{file.LastWriteTimeUtc.Ticks}\0");
        }
    }
}
