namespace ElectionJepsen.Checkers.History;

/// <summary>
/// Getting the lines to the file and the disk, and what happens when the file refuses them.
/// A write, flush or fsync that fails (ENOSPC, EIO) is recorded as <see cref="Failure"/>,
/// <see cref="Failed"/> is cancelled, and nothing more is written: the file is cut back to
/// its last whole line where it can be, so what is on disk stays a checkable prefix.
/// </summary>
public sealed partial class HistoryWriter
{
    private readonly Lock _flushLock = new();
    private readonly Stream _file;
    private readonly ITimer? _timer;
    private readonly CancellationTokenSource _failed = new();
    private ArrayBufferWriterLite _spare = new(64 * 1024);
    private IOException? _failure;
    private long _written;
    private long _lastSync;
    private long _syncs;
    private bool _disposed;

    /// <summary>How often the timer's flush also syncs to the disk.</summary>
    public TimeSpan SyncInterval { get; init; } = DefaultSyncInterval;

    /// <summary>Why the file could not be written, once it could not; after that nothing more is written.</summary>
    public IOException? Failure
    {
        get
        {
            lock (_lock) return _failure;
        }
    }

    /// <summary>Cancelled when <see cref="Failure"/> is set (its callbacks run on the thread pool).</summary>
    public CancellationToken Failed => _failed.Token;

    /// <summary>Bytes of whole lines the file took.</summary>
    public long BytesWritten => Interlocked.Read(ref _written);

    /// <summary>How many times the file was synced to the disk.</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>Hands every queued line to the operating system now.</summary>
    public void Flush() => Drain(sync: false);

    /// <summary>Hands every queued line to the operating system and waits until they are on the disk.</summary>
    public void Sync() => Drain(sync: true);

    private void Tick() => Drain(sync: _clock.GetElapsedTime(Interlocked.Read(ref _lastSync)) >= SyncInterval);

    private void Drain(bool sync)
    {
        lock (_flushLock)
        {
            if (_disposed || Failure is not null) return;
            DrainCore(sync);
        }
    }

    /// <summary>Writes what is queued (under the flush lock); on a failure, records it and stops.</summary>
    private void DrainCore(bool sync)
    {
        ArrayBufferWriterLite full;
        lock (_lock)
        {
            full = _pending;
            _pending = _spare;
            _spare = full;
        }

        try
        {
            if (full.Count > 0)
            {
                _file.Write(full.WrittenSpan);
                _file.Flush();
                Interlocked.Add(ref _written, full.Count);
            }

            if (sync)
            {
                FileSync.Data(_file);
                Interlocked.Increment(ref _syncs);
                Interlocked.Exchange(ref _lastSync, _clock.GetTimestamp());
            }
        }
        catch (IOException e)
        {
            Fail(e);
        }
        finally
        {
            full.Clear();
        }
    }

    private void Fail(IOException e)
    {
        lock (_lock)
        {
            _failure ??= e;
            _pending.Clear();
        }

        try
        {
            // A write cut short leaves part of a line: take it back, so the prefix ends whole.
            if (_file.CanSeek && _file.Length > _written) _file.SetLength(_written);
        }
        catch (IOException)
        {
            // The contract allows a torn last line; the reader ignores it.
        }

        _ = _failed.CancelAsync();
    }

    /// <summary>Writes and syncs what is queued (unless the file already failed) and closes the file; never throws for the file's sake.</summary>
    public void Dispose()
    {
        _timer?.Dispose();
        lock (_flushLock)
        {
            if (_disposed) return;

            // Closed to appends first, then drained: an append either throws or reaches the file.
            lock (_lock) _disposed = true;
            if (Failure is null) DrainCore(sync: true);
            _json.Dispose();
            try
            {
                _file.Dispose();
            }
            catch (IOException e) when (Failure is null)
            {
                Fail(e);
            }
            catch (IOException)
            {
                // Already failed: the first failure is the one reported.
            }
        }
    }
}
