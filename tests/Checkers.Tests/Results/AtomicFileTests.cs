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

    [Fact]
    public async Task Two_writes_of_one_file_at_once_in_one_process_each_succeed_and_leave_one_of_them_whole()
    {
        using var dir = new TempDir();
        var path = dir.File("results.json");
        using var halfway = new ManualResetEventSlim();
        using var resume = new ManualResetEventSlim();

        var first = Task.Run(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("{\"first\""u8);
            halfway.Set();
            resume.Wait();
            stream.Write(":1}"u8);
        }));
        halfway.Wait();
        AtomicFile.WriteText(path, "{\"second\":2}");
        resume.Set();
        await first;

        Assert.Equal("{\"first\":1}", File.ReadAllText(path));
        Assert.Equal(["results.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }
}
