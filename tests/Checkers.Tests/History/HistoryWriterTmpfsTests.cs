using ElectionJepsen.Checkers.History;
using ElectionJepsen.TestSupport;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Checkers.Tests.History;

/// <summary>The writer filling a real file system (as root): the kernel's ENOSPC, not a stand-in.</summary>
public sealed class HistoryWriterTmpfsTests
{
    [Fact]
    public async Task A_history_that_fills_its_disk_stops_without_throwing_and_leaves_a_valid_prefix()
    {
        using var disk = new Tmpfs("256k");
        var path = disk.File("history.jsonl");
        var writer = new HistoryWriter(path, flushInterval: TimeSpan.FromMilliseconds(5));
        var failed = new TaskCompletionSource();
        using var signalled = writer.Failed.Register(failed.SetResult);
        for (var i = 0; i < 200_000 && writer.Failure is null; i++)
        {
            writer.Append($"c{i % 5}", EventType.Invoke, "write", "leader", OpValue.Write(3, i));
            writer.Append($"c{i % 5}", EventType.Ok, "write", "leader", OpValue.Null);
            if (i % 100 == 0) await Task.Delay(1);
        }

        writer.Dispose();
        await failed.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains("No space left on device", writer.Failure?.Message, StringComparison.Ordinal);
        var prefix = HistoryT.Load(path);
        Assert.True(prefix.EventCount > 1000, $"{prefix.EventCount} events");
        Assert.Equal(writer.BytesWritten, new FileInfo(path).Length);
        Assert.All(prefix.Operations.SkipLast(1), o => Assert.Equal(Outcome.Ok, o.Outcome));
    }
}
