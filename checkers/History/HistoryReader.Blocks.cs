using System.Runtime.CompilerServices;
namespace ElectionJepsen.Checkers.History;

public sealed partial class HistoryReader
{
    [ThreadStatic]
    private static StringPool? t_pool;

    /// <summary>Parses the lines of a block; the block's buffer goes back to the pool when done.</summary>
    private static ParsedBlock ParseBlock(ArraySegment<byte> chunk, long firstLine, bool isLast, Recycler recycler)
    {
        try
        {
            return Parse(chunk, firstLine, isLast, recycler);
        }
        finally
        {
            recycler.Return(chunk.Array!);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ParsedBlock Parse(ReadOnlySpan<byte> span, long firstLine, bool isLast, Recycler recycler)
    {
        var pool = t_pool ??= new StringPool();
        var events = recycler.Events(span.Count((byte)'\n') + 1);
        var count = 0;
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
                return new ParsedBlock(events, count, new LineError(line, message, span.IsEmpty), isLast);
            }

            events[count++] = ev;
            line++;
        }

        return new ParsedBlock(events, count, null, isLast);
    }

    /// <summary>The events of a block: the first <paramref name="Count"/> of a pooled array.</summary>
    private sealed record ParsedBlock(HistoryEvent[] Events, int Count, LineError? Error, bool IsLast);

    private sealed record LineError(long Line, string Message, bool IsLastLineOfBlock);
}

/// <summary>A torn last line that the reader skipped: its number and why it did not parse.</summary>
public sealed record TornLine(long Line, string Reason)
{
    public override string ToString() => $"line {Line} is torn ({Reason}) and was ignored";
}
