using ElectionJepsen.Checkers.Results;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Checkers.Tests.Results;

/// <summary>AtomicFile's order of durable steps, and a real full disk (a tmpfs, as root).</summary>
public sealed class AtomicFileDurabilityTests
{
    [Fact]
    public void The_new_contents_are_synced_before_the_rename_and_the_directory_after_it()
    {
        using var dir = new TempDir();
        var path = dir.File("results.json", "old");
        var steps = new List<string>();
        var durability = new AtomicFile.Durability(
            stream =>
            {
                stream.Flush(flushToDisk: true);
                steps.Add($"file {stream.Length} bytes, target {File.ReadAllText(path)}");
            },
            directory => steps.Add($"directory {Path.GetFileName(directory)}, target {File.ReadAllText(path)}"));

        AtomicFile.Write(path, s => s.Write("{\"valid\":true}"u8), durability);

        Assert.Equal(["file 14 bytes, target old", $"directory {Path.GetFileName(dir.Path)}, target {{\"valid\":true}}"], steps);
    }

    [Fact]
    public void A_sync_that_fails_leaves_the_old_file_and_no_temporary_file()
    {
        using var dir = new TempDir();
        var path = dir.File("results.json", "old");
        var durability = new AtomicFile.Durability(_ => throw new IOException("Input/output error"), _ => { });

        Assert.Throws<IOException>(() => AtomicFile.Write(path, s => s.Write("new"u8), durability));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Equal(["results.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void On_a_full_disk_the_old_file_stays_whole_and_no_temporary_file_is_left()
    {
        using var disk = new Tmpfs("64k");
        var path = disk.File("results.json");
        AtomicFile.WriteText(path, "{\"valid\":true}");
        disk.Fill(leave: 0);

        Assert.Throws<IOException>(() => AtomicFile.WriteText(path, new string('x', 64 * 1024)));

        Assert.Equal("{\"valid\":true}", File.ReadAllText(path));
        Assert.Equal(["ballast", "results.json"], Directory.GetFiles(disk.Path).Select(Path.GetFileName).Order());
    }
}
