namespace ElectionJepsen.TestSupport;

/// <summary>
/// A temporary directory removed when the test ends. It is made when first used, so that a
/// test class whose set-up fails before using it (and is then never disposed) leaves nothing.
/// </summary>
public sealed class TempDir : IDisposable
{
    private readonly string _path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ej-test-" + Guid.NewGuid().ToString("N"));

    public string Path => Directory.CreateDirectory(_path).FullName;

    public string File(string name, string? content = null)
    {
        var path = System.IO.Path.Combine(Path, name);
        if (content is not null) System.IO.File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
