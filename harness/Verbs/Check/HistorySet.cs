using System.IO.Enumeration;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Reports.Html;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Harness.Verbs.Check;

/// <summary>
/// The histories that <c>check</c> was given: files as they are, and every <c>*.jsonl</c>
/// under each directory, recursively, in ordinal order of their paths; each once, however
/// many links lead to it. A directory reached through a symbolic link is not searched (a
/// store's latest is one, to a run already under the store); a file given by a link is read.
/// It also says where each history's results go when many are checked.
/// </summary>
public sealed class HistorySet
{
    private const string Extension = ".jsonl";

    private HistorySet(IReadOnlyList<string> paths, string root, bool single)
    {
        Paths = paths;
        Root = root;
        IsSingleFile = single;
    }

    public IReadOnlyList<string> Paths { get; }

    /// <summary>One file was given: <c>check</c> prints and writes as it always has.</summary>
    public bool IsSingleFile { get; }

    /// <summary>The deepest directory that holds every history.</summary>
    public string Root { get; }

    /// <exception cref="UsageException">a path is neither a file nor a directory, or a directory holds no history.</exception>
    public static HistorySet Expand(IReadOnlyList<string> arguments)
    {
        var paths = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            IEnumerable<string> found;
            if (Directory.Exists(argument))
            {
                found = Under(argument);
                if (!found.Any()) throw new UsageException($"no history under {argument}: a directory is searched for *{Extension} files");
            }
            else if (File.Exists(argument))
            {
                found = [argument];
            }
            else
            {
                throw new UsageException($"no history at {argument}: give the path of a history.jsonl or of a directory of them");
            }

            paths.AddRange(found.Where(p => seen.Add(Resolved(p))));
        }

        var set = new HistorySet(paths, CommonDirectory(paths), arguments.Count == 1 && !Directory.Exists(arguments[0]));
        if (!set.IsSingleFile) set.RefuseSharedOutputs();
        return set;
    }

    /// <summary>
    /// Where the results of <paramref name="history"/> go when many histories are checked:
    /// beside it, or under <paramref name="outDirectory"/> at its path relative to <see cref="Root"/>,
    /// named as <see cref="OutputsIn"/> names them.
    /// </summary>
    public (string Results, string Report) OutputsOf(string history, string? outDirectory)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(history))!;
        if (outDirectory is not null)
        {
            var relative = Path.GetRelativePath(Root, directory);
            directory = relative == "." ? outDirectory : Path.Combine(outDirectory, relative);
        }

        return OutputsIn(directory, history);
    }

    /// <summary>
    /// The results and report of <paramref name="history"/> in <paramref name="directory"/>, one
    /// history or many alike: a history.jsonl (a run's) gets results.json and report.html, as a
    /// run writes them; another history gets its name's: x.jsonl gets x.results.json and
    /// x.report.html. Two histories never share a file: their names differ, and no written name
    /// ends in .jsonl.
    /// </summary>
    public static (string Results, string Report) OutputsIn(string directory, string history)
    {
        var name = Path.GetFileName(history);
        if (name == StoreLayout.HistoryFile) return (Path.Combine(directory, ResultsJson.FileName), Path.Combine(directory, RunReport.FileName));
        var stem = name.EndsWith(Extension, StringComparison.Ordinal) ? name[..^Extension.Length] : name;
        return (Path.Combine(directory, $"{stem}.{ResultsJson.FileName}"), Path.Combine(directory, $"{stem}.{RunReport.FileName}"));
    }

    /// <summary>Files given by name need not end in .jsonl: refuses two histories whose outputs would meet (x and x.jsonl), or an output over a history.</summary>
    private void RefuseSharedOutputs()
    {
        var owners = Paths.ToDictionary(Path.GetFullPath, p => p, StringComparer.Ordinal);
        foreach (var history in Paths)
        {
            var (results, report) = OutputsOf(history, null);
            foreach (var output in new[] { results, report })
            {
                if (!owners.TryAdd(output, history))
                {
                    throw new UsageException($"{history} and {owners[output]} would share {output}: check them in separate calls, or rename one");
                }
            }
        }
    }

    /// <summary>Every *.jsonl under <paramref name="directory"/> (hidden ones left out, linked directories not entered), in ordinal order.</summary>
    private static List<string> Under(string directory)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false };
        var files = new FileSystemEnumerable<string>(directory, (ref FileSystemEntry entry) => entry.ToFullPath(), options)
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory && entry.FileName.EndsWith(Extension, StringComparison.Ordinal),
            ShouldRecursePredicate = (ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        try
        {
            return [.. files.Order(StringComparer.Ordinal)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read the directory {directory}: {Outputs.Why(e)}");
        }
    }

    /// <summary>The path of the file itself, every link on the way followed: two names of one history are one history.</summary>
    private static string Resolved(string path)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        var real = directory is null ? full : Path.Combine(RealDirectory(directory), Path.GetFileName(full));
        return File.ResolveLinkTarget(real, returnFinalTarget: true)?.FullName ?? real;
    }

    private static string RealDirectory(string directory)
    {
        var parent = Path.GetDirectoryName(directory);
        var real = parent is null ? directory : Path.Combine(RealDirectory(parent), Path.GetFileName(directory));
        return Directory.ResolveLinkTarget(real, returnFinalTarget: true)?.FullName ?? real;
    }

    private static string CommonDirectory(IReadOnlyList<string> paths)
    {
        var directories = paths.Select(p => Path.GetDirectoryName(Path.GetFullPath(p))!).ToList();
        var common = directories[0];
        foreach (var d in directories.Skip(1))
        {
            while (!(d == common || d.StartsWith(common.EndsWith('/') ? common : common + "/", StringComparison.Ordinal)))
            {
                common = Path.GetDirectoryName(common) ?? "/";
            }
        }

        return common;
    }
}
