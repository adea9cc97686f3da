namespace ElectionJepsen.Checkers.History;

public sealed partial class HistoryReader
{
    [ThreadStatic]
    private static StringPool? t_pool;

    private static ParsedBlock ParseBlock(ReadOnlyMemory<byte> chunk, long firstLine, bool isLast)
    {
        var pool = t_pool ??= new StringPool();
        var span = chunk.Span;
        var events = new List<HistoryEvent>(span.Length / 96 + 1);
        var line = firstLine;
        while (!span.IsEmpty)
        {
            var nl = span.IndexOf((byte)'\n');
            var text = nl < 0 ? span : span[..nl];
            span = nl < 0 ? [] : span[(nl + 1)..];
            if (!text.IsEmpty && text[^1] == (byte)'\r') text = text[..^1];
            HistoryEvent ev = default;
            var message = text.IsEmpty ? "empty line" : LineParser.TryParse(text, pool, out ev);
            if (message is not null)
            {
                return new ParsedBlock(events, new LineError(line, message, span.IsEmpty), isLast);
            }

            events.Add(ev);
            line++;
        }

        return new ParsedBlock(events, null, isLast);
    }

    private sealed record ParsedBlock(List<HistoryEvent> Events, LineError? Error, bool IsLast);

    private sealed record LineError(long Line, string Message, bool IsLastLineOfBlock);
}

/// <summary>A torn last line that the reader skipped: its number and why it did not parse.</summary>
public sealed record TornLine(long Line, string Reason)
{
    public override string ToString() => $"line {Line} is torn ({Reason}) and was ignored";
}
