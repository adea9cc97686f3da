using ElectionJepsen.Checkers.History;
using ElectionJepsen.TestSupport;
using Microsoft.Extensions.Time.Testing;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Checkers.Tests.History;

public sealed partial class HistoryWriterTests
{
    [Fact]
    public void Append_stamps_nanoseconds_since_start_and_the_next_index()
    {
        using var dir = new TempDir();
        var clock = new FakeTimeProvider();
        using var writer = new HistoryWriter(dir.File("h.jsonl"), clock);
        clock.Advance(TimeSpan.FromMilliseconds(5));
        var a = writer.Append("c1", EventType.Invoke, "acquire", "leader", OpValue.Null);
        clock.Advance(TimeSpan.FromMilliseconds(2));
        var b = writer.Append("c1", EventType.Ok, "acquire", "leader", OpValue.FromToken(3));
        Assert.Equal((0L, 5_000_000L), (a.Index, a.Time));
        Assert.Equal((1L, 7_000_000L), (b.Index, b.Time));
    }

    [Fact]
    public void Lines_reach_the_file_within_the_flush_interval_and_on_demand()
    {
        using var dir = new TempDir();
        var path = dir.File("h.jsonl");
        var clock = new FakeTimeProvider();
        using var writer = new HistoryWriter(path, clock);
        writer.Append("c1", EventType.Invoke, "claim", "leader", OpValue.Absent);
        Assert.Equal(0, LinesOnDisk(path));
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, LinesOnDisk(path));
        writer.Append("nemesis", EventType.Invoke, "partition", string.Empty, OpValue.FromJson("""{"grudge":"halves"}"""));
        writer.Flush();
        Assert.Equal(2, LinesOnDisk(path));
    }

    [Fact]
    public void What_is_written_reads_back_the_same()
    {
        using var dir = new TempDir();
        var path = dir.File("h.jsonl");
        var events = new List<HistoryEvent>
        {
            new(0, 10, "c1", EventType.Invoke, "write", "leader", OpValue.Write(3, 9), null),
            new(1, 20, "c1", EventType.Fail, "write", "leader", OpValue.Write(3, 9), "stale-token"),
            new(2, 20, "c2", EventType.Invoke, "claim", "leader", OpValue.Absent, null),
            new(3, 30, "c2", EventType.Ok, "claim", "leader", OpValue.Claim(true, 4), null),
            new(4, 31, "c2", EventType.Invoke, "job", "leader", OpValue.Job(12, 4), null),
            new(5, 40, "nemesis", EventType.Event, "note", string.Empty, OpValue.FromJson("[1, {\"a\": null}]"), "a \"quote\""),
        };
        using (var writer = new HistoryWriter(path, flushInterval: TimeSpan.Zero))
        {
            foreach (var e in events) writer.Write(e);
        }

        Assert.Equal(events, HistoryReader.ReadFile(path).ToList());
    }

    [Fact]
    public void Write_refuses_an_index_out_of_turn()
    {
        using var dir = new TempDir();
        using var writer = new HistoryWriter(dir.File("h.jsonl"), flushInterval: TimeSpan.Zero);
        Assert.Throws<ArgumentException>(() => writer.Write(new HistoryEvent(1, 0, "c1", EventType.Invoke, "claim", string.Empty, default, null)));
    }

    [Fact]
    public void Concurrent_appends_leave_a_valid_file()
    {
        using var dir = new TempDir();
        var path = dir.File("h.jsonl");
        using (var writer = new HistoryWriter(path))
        {
            Parallel.For(0, 8, p =>
            {
                for (var i = 0; i < 500; i++)
                {
                    writer.Append($"c{p}", EventType.Invoke, "claim", "leader", OpValue.Absent);
                    writer.Append($"c{p}", EventType.Ok, "claim", "leader", OpValue.NotLeader);
                }
            });
        }

        var h = HistoryT.Load(path);
        Assert.Equal(8000, h.EventCount);
        Assert.All(h.Operations, o => Assert.Equal(Outcome.Ok, o.Outcome));
    }

    private static int LinesOnDisk(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Count(c => c == '\n');
    }
}
