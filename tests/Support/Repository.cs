namespace ElectionJepsen.TestSupport;

/// <summary>The repository the tests were built from: the folder above the build that holds ElectionJepsen.sln.</summary>
public static class Repository
{
    private static readonly Lazy<string?> Found = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "ElectionJepsen.sln"))) dir = dir.Parent;
        return dir?.FullName;
    });

    /// <summary>The repository's root, or null when the build is not beside its sources.</summary>
    public static string? Root => Found.Value;

    /// <summary>A path in the repository, given relative to its root.</summary>
    public static string Path(string relative) =>
        System.IO.Path.Combine(Root ?? throw new InvalidOperationException("the tests were not built inside the repository (no ElectionJepsen.sln above them)"), relative);
}
