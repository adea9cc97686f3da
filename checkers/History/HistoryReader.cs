using System.Collections.Concurrent;

namespace ElectionJepsen.Checkers.History;

/// <summary>
/// Streams the events of a <c>history.jsonl</c>, checking the line-level contract: every
/// line one JSON object with the required fields, <c>index</c> equal to its position,
/// <c>time</c> never decreasing. A torn (unparsable) last line is skipped and reported in
/// <see cref="TornLastLine"/>; any other malformed line throws a
/// <see cref="HistoryDataException"/> that names it.
/// </summary>
/// <remarks>
/// Blocks of lines are parsed on the thread pool while the caller consumes earlier
/// blocks, so reading a large history uses both cores; events still come out in order.
/// </remarks>
public sealed partial class HistoryReader
{
    private const int BlockSize = 1 << 20;
    private const int BlocksAhead = 4;
    private readonly Stream _stream;
    private readonly Recycler _recycler = new();

    public HistoryReader(Stream stream) => _stream = stream;

    /// <summary>Set once <see cref="ReadEvents"/> has finished, if the last line was torn.</summary>
    public TornLine? TornLastLine { get; private set; }

    public static IEnumerable<HistoryEvent> ReadFile(string path, Action<TornLine>? onTorn = null)
    {
        using var stream = OpenFile(path);
        var reader = new HistoryReader(stream);
        foreach (var ev in reader.ReadEvents()) yield return ev;
        if (reader.TornLastLine is { } torn) onTorn?.Invoke(torn);
    }

    internal static FileStream OpenFile(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.SequentialScan);

    public IEnumerable<HistoryEvent> ReadEvents()
    {
        foreach (var block in ReadBlocks())
        {
            for (var i = 0; i < block.Length; i++) yield return block.Span[i];
        }
    }

    /// <summary>
    /// The events in blocks, checked and in order. A block is valid only until the next is
    /// asked for: its memory goes back to a pool.
    /// </summary>
    public IEnumerable<ReadOnlyMemory<HistoryEvent>> ReadBlocks()
    {
        using var blocks = new BlockingCollection<Task<ParsedBlock>>(BlocksAhead);
        using var stop = new CancellationTokenSource();
        var producer = Task.Run(() => Produce(blocks, stop.Token));
        try
        {
            long expectedIndex = 0, lastTime = 0;
            foreach (var task in blocks.GetConsumingEnumerable())
            {
                var block = task.GetAwaiter().GetResult();
                for (var i = 0; i < block.Count; i++)
                {
                    ref readonly var ev = ref block.Events[i];
                    if (ev.Index != expectedIndex)
                    {
                        throw new HistoryDataException(expectedIndex + 1, $"\"index\" is {ev.Index}, expected {expectedIndex} (its position in the file)");
                    }

                    if (ev.Time < lastTime)
                    {
                        throw new HistoryDataException(ev.Line, $"\"time\" {ev.Time} is less than the previous line's {lastTime}: time never decreases");
                    }

                    expectedIndex++;
                    lastTime = ev.Time;
                }

                yield return new ReadOnlyMemory<HistoryEvent>(block.Events, 0, block.Count);
                _recycler.Return(block.Events);

                if (block.Error is { } error)
                {
                    if (block.IsLast && error.IsLastLineOfBlock)
                    {
                        TornLastLine = new TornLine(error.Line, error.Message);
                        break;
                    }

                    throw new HistoryDataException(error.Line, error.Message);
                }
            }
        }
        finally
        {
            stop.Cancel();
            try
            {
                producer.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Reads the stream in blocks cut at line ends and starts parsing each.</summary>
    private void Produce(BlockingCollection<Task<ParsedBlock>> blocks, CancellationToken cancel)
    {
        try
        {
            var carry = Array.Empty<byte>();
            var carryLength = 0;
            long firstLine = 1;
            while (true)
            {
                var buffer = _recycler.Buffer(carryLength + BlockSize);
                carry.AsSpan(0, carryLength).CopyTo(buffer);
                var filled = carryLength;
                var read = 0;
                var want = carryLength + BlockSize;
                while (filled < want && (read = _stream.Read(buffer, filled, want - filled)) > 0) filled += read;
                var atEnd = filled < want;
                var cut = atEnd ? TrimEnd(buffer, filled) : buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
                if (cut == 0 && !atEnd)
                {
                    // A line longer than a block: keep reading into a larger buffer.
                    ReturnCarry(carry);
                    (carry, carryLength) = (buffer, filled);
                    continue;
                }

                var chunk = new ArraySegment<byte>(buffer, 0, cut);
                var lines = chunk.AsSpan().Count((byte)'\n') + (atEnd && cut > 0 ? 1 : 0);
                var start = firstLine;
                blocks.Add(Task.Run(() => ParseBlock(chunk, start, atEnd, _recycler), cancel), cancel);
                firstLine += lines;
                ReturnCarry(carry);
                if (atEnd) break;
                carry = _recycler.Buffer(filled - cut);
                carryLength = filled - cut;
                buffer.AsSpan(cut, carryLength).CopyTo(carry);
            }
        }
        finally
        {
            blocks.CompleteAdding();
        }
    }

    private void ReturnCarry(byte[] carry)
    {
        if (carry.Length > 0) _recycler.Return(carry);
    }

    /// <summary>The length of the content without trailing blank lines and white space.</summary>
    private static int TrimEnd(byte[] buffer, int filled)
    {
        var end = filled;
        while (end > 0 && buffer[end - 1] is (byte)'\n' or (byte)'\r' or (byte)' ' or (byte)'\t') end--;
        return end;
    }
}
