using ElectionJepsen.Checkers.History;
using ElectionJepsen.TestSupport;
using Microsoft.Extensions.Time.Testing;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Checkers.Tests.History;

/// <summary>The writer on a file that refuses its lines, and its syncs to the disk.</summary>
public sealed partial class HistoryWriterTests
{
    [Fact]
    public void A_full_disk_under_the_flush_timer_is_recorded_not_thrown_and_the_file_keeps_whole_lines()
    {
        using var dir = new TempDir();
        var path = dir.File("h.jsonl");
        var clock = new FakeTimeProvider();
        var disk = new FullDisk(new FileStream(path, FileMode.CreateNew), capacity: 1000);
        var writer = new HistoryWriter(disk, clock);
        for (var i = 0; i < 100; i++)
        {
            writer.Append("c1", EventType.Invoke, "claim", "leader", OpValue.Absent);
            writer.Append("c1", EventType.Ok, "claim", "leader", OpValue.Claim(true, 7));

            // The timer's flush meets the full disk: nothing may escape it.
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        writer.Dispose();

        Assert.Contains("No space left", writer.Failure?.Message, StringComparison.Ordinal);
        Assert.True(writer.Failed.IsCancellationRequested);
        Assert.Equal(200, writer.Count);
        var bytes = File.ReadAllBytes(path);
        Assert.Equal(writer.BytesWritten, bytes.Length);
        Assert.Equal((byte)'\n', bytes[^1]);
        var prefix = HistoryT.Load(path);
        Assert.Null(prefix.Torn);
        Assert.InRange(prefix.EventCount, 2, 199);
    }

    [Fact]
    public void After_a_failure_appends_still_stamp_in_turn_and_nothing_more_reaches_the_file()
    {
        var disk = new FullDisk(new MemoryStream(), capacity: 150);
        using var writer = new HistoryWriter(disk, flushInterval: TimeSpan.Zero);
        writer.Append("c1", EventType.Invoke, "claim", "leader", OpValue.Absent);
        writer.Flush();
        var before = disk.Length;
        writer.Append("c1", EventType.Ok, "claim", "leader", OpValue.Claim(true, 7));
        writer.Append("c2", EventType.Invoke, "acquire", "leader", OpValue.Null);
        writer.Sync();
        var late = writer.Append("c2", EventType.Info, "acquire", "leader", OpValue.Absent, "timeout");
        writer.Flush();

        Assert.NotNull(writer.Failure);
        Assert.Equal(3, late.Index);
        Assert.Equal(before, disk.Length);
        Assert.Equal(before, writer.BytesWritten);
    }

    [Fact]
    public void An_io_error_on_sync_is_recorded_and_the_run_is_told_not_thrown()
    {
        var disk = new FullDisk(new MemoryStream(), capacity: 1 << 20) { FailFlush = true };
        var writer = new HistoryWriter(disk, flushInterval: TimeSpan.Zero);
        writer.Append("nemesis", EventType.Invoke, "kill", string.Empty, OpValue.Null);

        writer.Sync();
        writer.Dispose();

        Assert.Equal("Input/output error", writer.Failure?.Message);
        Assert.True(writer.Failed.IsCancellationRequested);
        Assert.Equal(0, writer.Syncs);
    }

    [Fact]
    public void Sync_reaches_the_disk_each_time_it_is_asked_and_at_the_end()
    {
        using var dir = new TempDir();
        var writer = new HistoryWriter(dir.File("h.jsonl"), new FakeTimeProvider());
        writer.Append("nemesis", EventType.Invoke, "start-partition", string.Empty, OpValue.Null);
        writer.Sync();
        writer.Sync();
        Assert.Equal(2, writer.Syncs);
        writer.Dispose();
        Assert.Equal(3, writer.Syncs);
    }

    [Fact]
    public void The_timer_flushes_every_interval_but_syncs_at_most_once_a_second()
    {
        using var dir = new TempDir();
        var path = dir.File("h.jsonl");
        var clock = new FakeTimeProvider();
        using var writer = new HistoryWriter(path, clock);
        for (var tick = 1; tick <= 25; tick++)
        {
            writer.Append("c1", EventType.Invoke, "claim", "leader", OpValue.Absent);
            clock.Advance(TimeSpan.FromMilliseconds(100));
            Assert.Equal(tick, LinesOnDisk(path));
        }

        Assert.Equal(2, writer.Syncs);
    }

    /// <summary>A file on a disk with room for <paramref name="capacity"/> bytes: a write past it goes in part, then fails as ENOSPC does.</summary>
    private sealed class FullDisk(Stream inner, long capacity) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var room = (int)Math.Max(0, capacity - inner.Length);
            inner.Write(buffer[..Math.Min(room, buffer.Length)]);
            if (buffer.Length > room) throw new IOException("No space left on device");
        }

        /// <summary>Every flush fails as EIO does.</summary>
        public bool FailFlush { get; init; }

        public override void Flush()
        {
            if (FailFlush) throw new IOException("Input/output error");
            inner.Flush();
        }

        public override void SetLength(long value) => inner.SetLength(value);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
