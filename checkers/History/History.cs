namespace ElectionJepsen.Checkers.History;

/// <summary>
/// A whole history, read and paired: its operations in the order they were invoked, the
/// process names, the <c>event</c> notes, and what the reader said about the file. A
/// history with no operation (an empty file, blank lines only) is read without error:
/// <see cref="Operations"/> is empty, and there is nothing to judge.
/// </summary>
public sealed class History
{
    internal History(string[] processes, Operation[] operations, List<HistoryEvent> notes, long events, long lastTime, TornLine? torn)
    {
        Processes = processes;
        Operations = operations;
        Notes = notes;
        EventCount = events;
        LastTime = lastTime;
        Torn = torn;
    }

    /// <summary>Process names; <see cref="Operation.Process"/> indexes this list.</summary>
    public IReadOnlyList<string> Processes { get; }

    public Operation[] Operations { get; }

    /// <summary>The <c>event</c> lines: notes, never operations.</summary>
    public IReadOnlyList<HistoryEvent> Notes { get; }

    public long EventCount { get; }

    public long LastTime { get; }

    public TornLine? Torn { get; private set; }

    public string ProcessName(int process) => Processes[process];

    public static History Load(string path)
    {
        using var stream = HistoryReader.OpenFile(path);

        // About two lines of some 110 bytes make an operation: size the array once. A
        // device or a pipe has no length to go by.
        var length = stream.CanSeek ? stream.Length : 0;
        return Read(stream, (int)Math.Min(length / 220, 1 << 28));
    }

    public static History Read(Stream stream, int expectedOperations = 1024)
    {
        var reader = new HistoryReader(stream);
        var history = new OperationPairer(expectedOperations).Pair(reader.ReadBlocks());
        return reader.TornLastLine is { } torn ? history.WithTorn(torn) : history;
    }

    /// <summary>Pairs events into operations; throws <see cref="HistoryDataException"/> on a pairing error.</summary>
    public static History FromEvents(IEnumerable<HistoryEvent> events) =>
        new OperationPairer(1024).Pair([new ReadOnlyMemory<HistoryEvent>([.. events])]);

    private History WithTorn(TornLine torn)
    {
        Torn = torn;
        return this;
    }
}
