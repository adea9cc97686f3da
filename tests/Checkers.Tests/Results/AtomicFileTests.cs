using ElectionJepsen.Checkers.Results;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Checkers.Tests.Results;

public sealed class AtomicFileTests
{
    [Fact]
    public void A_write_replaces_the_file_whole_and_leaves_no_temporary_file()
    {
        using var dir = new TempDir();
        var path = dir.File("index.html", "old");

        AtomicFile.WriteText(path, "new ✓");

        Assert.Equal("new ✓", File.ReadAllText(path));
        Assert.Equal([0x6e, 0x65, 0x77], File.ReadAllBytes(path)[..3]);
        Assert.Equal(["index.html"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_write_that_fails_halfway_leaves_the_old_file_and_no_temporary_file()
    {
        using var dir = new TempDir();
        var path = dir.File("results.json", "{\"valid\":true}");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("{\"val"u8);
            throw new InvalidOperationException("the writer failed");
        }));

        Assert.Equal("{\"valid\":true}", File.ReadAllText(path));
        Assert.Equal(["results.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }
}
