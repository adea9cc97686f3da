using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace ElectionJepsen.Checkers.History;

public sealed partial class HistoryReader
{
    [ThreadStatic]
    private static StringPool? t_pool;

    /// <summary>Parses the lines of a block; the block's buffer goes back to the pool when done.</summary>
    private static ParsedBlock ParseBlock(ArraySegment<byte> chunk, long firstLine, bool isLast, bool lastTerminated, Recycler recycler)
    {
        try
        {
            return Parse(chunk, firstLine, isLast && !lastTerminated, recycler);
        }
        finally
        {
            recycler.Return(chunk.Array!);
        }
    }

    /// <summary>
    /// Parses lines up to the first bad one. A bad last line of the file with no line end
    /// after it is torn when it is the start of an object cut short; every other is an error.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ParsedBlock Parse(ReadOnlySpan<byte> span, long firstLine, bool endsUnterminated, Recycler recycler)
    {
        var pool = t_pool ??= new StringPool();

        // Checked once for the block (vectorized); line by line only where it failed.
        var validUtf8 = Utf8.IsValid(span);
        var events = recycler.Events(1);
        var count = 0;
        var line = firstLine;
        long blankFrom = 0;
        while (!span.IsEmpty)
        {
            var nl = span.IndexOf((byte)'\n');
            var text = nl < 0 ? span : span[..nl];
            span = nl < 0 ? [] : span[(nl + 1)..];
            if (LineText.IsBlank(text))
            {
                if (blankFrom == 0) blankFrom = line;
                line++;
                continue;
            }

            if (blankFrom != 0) return new ParsedBlock(events, count, new LineError(blankFrom, BlankLine, false), 0);
            HistoryEvent ev = default;
            var message = validUtf8 || Utf8.IsValid(text) ? LineParser.TryParse(text, pool, out ev) : LineText.InvalidUtf8(text);
            if (message is not null)
            {
                if (line == 1 && text.StartsWith(LineText.ByteOrderMark)) message = LineText.ByteOrderMarkRefused;
                var torn = endsUnterminated && nl < 0 && LineText.IsUnfinishedObject(text);
                return new ParsedBlock(events, count, new LineError(line, message, torn), 0);
            }

            if (count == events.Length) Array.Resize(ref events, count * 2);
            events[count++] = ev;
            line++;
        }

        return new ParsedBlock(events, count, null, blankFrom);
    }

    /// <summary>
    /// The events of a block: the first <paramref name="Count"/> of a pooled array; the bad
    /// line that ended it, if any; where the blank lines that end it begin (0 if none do).
    /// </summary>
    private sealed record ParsedBlock(HistoryEvent[] Events, int Count, LineError? Error, long TrailingBlankLine);

    private sealed record LineError(long Line, string Message, bool IsTorn);
}

/// <summary>A torn last line that the reader skipped: its number and why it did not parse.</summary>
public sealed record TornLine(long Line, string Reason)
{
    public override string ToString() => $"line {Line} is torn ({Reason}) and was ignored";
}
