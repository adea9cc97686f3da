using System.Text.Json;

namespace ElectionJepsen.Checkers.History;

/// <summary>
/// The one writer of a <c>history.jsonl</c>. <see cref="Append"/> stamps each event with the
/// harness's monotonic clock and its index under one lock, so the file's order, indices and
/// times always agree; lines go to the operating system at least every
/// <see cref="FlushInterval"/> (100 ms by default) and whenever <see cref="Flush"/> is called,
/// and to the disk (fsync) at most every <see cref="SyncInterval"/> (a second) and whenever
/// <see cref="Sync"/> is called, so a harness that dies at any moment leaves a checkable prefix,
/// and a power cut loses at most the last second. A file that cannot be written (a full disk,
/// an I/O error) never throws at its callers: see <see cref="Failure"/>.
/// </summary>
public sealed partial class HistoryWriter : IDisposable
{
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan DefaultSyncInterval = TimeSpan.FromSeconds(1);
    private const int FlushWithoutTimerAt = 1 << 20;

    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;
    private readonly long _start;
    private readonly Utf8JsonWriter _json;
    private ArrayBufferWriterLite _pending = new(64 * 1024);
    private long _next;
    private long _lastTime;

    public HistoryWriter(string path, TimeProvider? clock = null, TimeSpan? flushInterval = null)
        : this(new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, 1, FileOptions.None), clock, flushInterval, Path.GetDirectoryName(Path.GetFullPath(path))!)
    {
    }

    public HistoryWriter(Stream file, TimeProvider? clock = null, TimeSpan? flushInterval = null)
        : this(file, clock, flushInterval, null)
    {
    }

    /// <param name="directory">The directory whose entries are synced, so that the file's own entry survives a power cut too; null for none.</param>
    private HistoryWriter(Stream file, TimeProvider? clock, TimeSpan? flushInterval, string? directory)
    {
        _file = file;
        _clock = clock ?? TimeProvider.System;
        _start = _clock.GetTimestamp();
        _lastSync = _start;
        _json = new Utf8JsonWriter(_pending, new JsonWriterOptions { SkipValidation = true });
        FlushInterval = flushInterval ?? DefaultFlushInterval;
        if (directory is not null)
        {
            try
            {
                FileSync.Entries(directory);
            }
            catch
            {
                _json.Dispose();
                file.Dispose();
                throw;
            }
        }

        // Last: a constructor that threw leaves no timer behind.
        if (FlushInterval > TimeSpan.Zero)
        {
            _timer = _clock.CreateTimer(_ => Tick(), null, FlushInterval, FlushInterval);
        }
    }

    public TimeSpan FlushInterval { get; }

    /// <summary>Events written so far (stamped and given an index, whether or not the file could take them).</summary>
    public long Count
    {
        get
        {
            lock (_lock) return _next;
        }
    }

    /// <summary>Nanoseconds since the writer was made, on its monotonic clock.</summary>
    public long Now() => Nanos(_clock.GetTimestamp() - _start, _clock.TimestampFrequency);

    /// <summary>Stamps the event now, gives it the next index, and queues it for the file.</summary>
    public HistoryEvent Append(string process, EventType type, string f, string key, OpValue value, string? error = null)
    {
        HistoryEvent ev;
        bool full;
        lock (_lock)
        {
            var time = Math.Max(Now(), _lastTime);
            ev = new HistoryEvent(_next, time, process, type, f, key, value, error);
            full = WriteLocked(ev);
        }

        if (full) Flush();
        return ev;
    }

    /// <summary>Writes an event already stamped (a generated history); its index and time must follow on.</summary>
    public void Write(in HistoryEvent ev)
    {
        bool full;
        lock (_lock)
        {
            if (ev.Index != _next) throw new ArgumentException($"index {ev.Index} where {_next} is next", nameof(ev));
            if (ev.Time < _lastTime) throw new ArgumentException($"time {ev.Time} before {_lastTime}", nameof(ev));
            full = WriteLocked(ev);
        }

        if (full) Flush();
    }

    /// <summary>Queues the line; true when a writer without a timer has queued enough to flush.</summary>
    private bool WriteLocked(in HistoryEvent ev)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _next = ev.Index + 1;
        _lastTime = ev.Time;

        // After a failure nothing more reaches the file: its prefix stays whole.
        if (_failure is not null) return false;
        _json.Reset(_pending);
        _json.WriteStartObject();
        _json.WriteNumber("index"u8, ev.Index);
        _json.WriteNumber("time"u8, ev.Time);
        _json.WriteString("process"u8, ev.Process);
        _json.WriteString("type"u8, ev.Type.Name());
        _json.WriteString("f"u8, ev.F);
        if (ev.Key.Length > 0) _json.WriteString("key"u8, ev.Key);
        if (ev.Value.IsPresent)
        {
            _json.WritePropertyName("value"u8);
            ev.Value.WriteTo(_json);
        }

        if (ev.Error is not null) _json.WriteString("error"u8, ev.Error);
        _json.WriteEndObject();
        _json.Flush();
        _pending.GetSpan(1)[0] = (byte)'\n';
        _pending.Advance(1);
        return _timer is null && _pending.Count >= FlushWithoutTimerAt;
    }

    internal static long Nanos(long ticks, long frequency) =>
        frequency == 1_000_000_000 ? ticks : (long)((Int128)ticks * 1_000_000_000 / frequency);
}
