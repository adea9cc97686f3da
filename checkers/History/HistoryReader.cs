using System.Collections.Concurrent;

namespace ElectionJepsen.Checkers.History;

/// <summary>
/// Streams the events of a <c>history.jsonl</c>, checking the line-level contract: every
/// line valid UTF-8 and one JSON object with the required fields, <c>index</c> equal to
/// its position, <c>time</c> never decreasing, no line longer than 16 MiB, nothing nested
/// deeper than 64 levels. Lines end at LF (a CR before it, or anywhere in a line, is JSON
/// white space); blank lines may only end the file. A torn last line (no line end after
/// it, and the start of an object cut short) is skipped and reported in
/// <see cref="TornLastLine"/>; any other malformed line, the last one included, throws a
/// <see cref="HistoryDataException"/> that names it (docs/history.md).
/// </summary>
/// <remarks>
/// Blocks of lines are parsed on the thread pool while the caller consumes earlier
/// blocks, so reading a large history uses both cores; events still come out in order.
/// </remarks>
public sealed partial class HistoryReader
{
    private const int BlockSize = 1 << 20;
    private const int BlocksAhead = 4;
    private const string BlankLine = "an empty line (blank lines may only end the file)";
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
            long expectedIndex = 0, lastTime = 0, blankLine = 0;
            foreach (var task in blocks.GetConsumingEnumerable())
            {
                var block = task.GetAwaiter().GetResult();
                var hasContent = block.Count > 0 || block.Error is not null;
                if (blankLine != 0 && hasContent) throw new HistoryDataException(blankLine, BlankLine);
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
                    if (!error.IsTorn) throw new HistoryDataException(error.Line, error.Message);
                    TornLastLine = new TornLine(error.Line, error.Message);
                    break;
                }

                // Blank lines are allowed at the end only: remember where a run of them began.
                if (hasContent || blankLine == 0) blankLine = block.TrailingBlankLine;
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
}
