using System.Globalization;

namespace ElectionJepsen.Harness.Backends.Postgres;

/// <summary>Where Debian keeps a PostgreSQL major version's programs: <c>/usr/lib/postgresql/VERSION/bin</c>; the newest installed.</summary>
public sealed record PostgresInstall(int Major, string Bin)
{
    public const string Root = "/usr/lib/postgresql";

    public string Program(string name) => Path.Combine(Bin, name);

    public static PostgresInstall? Find()
    {
        if (!Directory.Exists(Root)) return null;
        return Directory.EnumerateDirectories(Root)
            .Select(d => (Dir: d, Ok: int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var major), Major: major))
            .Where(d => d.Ok && File.Exists(Path.Combine(d.Dir, "bin", "postgres")) && File.Exists(Path.Combine(d.Dir, "bin", "initdb")))
            .OrderByDescending(d => d.Major)
            .Select(d => new PostgresInstall(d.Major, Path.Combine(d.Dir, "bin")))
            .FirstOrDefault();
    }
}
