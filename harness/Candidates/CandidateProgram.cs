using System.Text;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Candidates;

/// <summary>A candidate's program: where <c>run</c>'s first string is, and whether libfaketime can move its clock.</summary>
public static class CandidateProgram
{
    /// <summary>How many interpreters deep a script is followed (a script run by a script...).</summary>
    private const int MaxInterpreters = 4;

    /// <summary>
    /// The full path of <c>run</c>'s program: with a '/' in it, relative to the candidate's
    /// folder; else found on PATH. Not found, or not executable: a usage error (exit 64).
    /// </summary>
    public static string Resolve(CandidateManifest m)
    {
        var program = m.Run[0];
        var found = Find(m.Directory, program);
        var where = $"{CandidateManifest.FileName} in {m.Shown}: \"run\": program \"{program}\"";
        if (found is null) throw new UsageException($"{where} not found{(m.Build is null ? "" : " (after the build)")}");
        return IsExecutable(found) ? found : throw new UsageException($"{where} ({found}) is not executable");
    }

    /// <summary>
    /// Why the candidate's clock cannot be moved, or null: an image's never is; a folder's
    /// program is judged by <see cref="ClockUnreachable(string)"/> (null too when it cannot be
    /// found yet: the run says so later).
    /// </summary>
    public static string? ClockUnreachable(CandidateManifest m)
    {
        if (m.Image is not null) return CandidateManifest.ImageClock;
        try
        {
            return ClockUnreachable(Resolve(m));
        }
        catch (UsageException)
        {
            return null;
        }
    }

    /// <summary>
    /// Null when libfaketime can move the clock of <paramref name="program"/> (a full path), or
    /// when its format is not known; else why not, in one short phrase. A script is judged by
    /// its interpreter; a Go binary, or a static one, reads the time without the C library.
    /// Never throws on what the file holds: it comes from outside.
    /// </summary>
    public static string? ClockUnreachable(string program)
    {
        var path = program;
        for (var depth = 0; depth <= MaxInterpreters; depth++)
        {
            var interpreter = Interpreter(path);
            if (interpreter is null)
            {
                var why = ElfFile.Classify(path) switch
                {
                    ElfKind.Go => "a Go binary: Go reads the time without the C library, so libfaketime cannot move it",
                    ElfKind.Static => "a static binary: libfaketime reaches only programs that read the time through the C library",
                    _ => null,
                };
                return why is null || depth == 0 ? why : $"run by {path}, {why}";
            }

            if (interpreter.Length == 0) return null;
            path = interpreter;
        }

        return null;
    }

    /// <summary>The full path of a program: with a '/' in it, relative to <paramref name="directory"/>; else on PATH.</summary>
    internal static string? Find(string directory, string program)
    {
        if (!program.Contains('/', StringComparison.Ordinal)) return Requirement.FindProgram(program);
        var full = Path.GetFullPath(program, directory);
        return File.Exists(full) ? full : null;
    }

    internal static bool IsExecutable(string path)
    {
        try
        {
            const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            return !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & anyExecute) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// For a script (<c>#!</c>), the full path of its interpreter (<c>/usr/bin/env X</c> gives X
    /// on PATH), or "" when it cannot be found; null for anything else.
    /// </summary>
    internal static string? Interpreter(string path)
    {
        var head = new byte[256]; // what the kernel reads of a #! line
        int read;
        try
        {
            using var handle = File.OpenHandle(path);
            read = RandomAccess.Read(handle, head, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        if (read < 2 || head[0] != '#' || head[1] != '!') return null;
        var end = Array.IndexOf(head, (byte)'\n', 0, read);
        var line = Encoding.UTF8.GetString(head, 2, (end < 0 ? read : end) - 2);
        var words = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || !Path.IsPathRooted(words[0])) return "";
        if (Path.GetFileName(words[0]) != "env") return File.Exists(words[0]) ? words[0] : "";

        var named = words.Skip(1).FirstOrDefault(w => !w.StartsWith('-') && !w.Contains('=', StringComparison.Ordinal));
        if (named is null) return "";
        return (named.Contains('/', StringComparison.Ordinal) ? (File.Exists(named) ? named : null) : Requirement.FindProgram(named)) ?? "";
    }
}
