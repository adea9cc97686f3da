using System.Collections.Concurrent;

namespace ElectionJepsen.Checkers.History;

public sealed partial class HistoryReader
{
    /// <summary>
    /// Reads the stream in blocks cut at line ends and starts parsing each. A failure to
    /// read, or a line past the limit, goes into the queue as a failed block, in its place.
    /// </summary>
    private void Produce(BlockingCollection<Task<ParsedBlock>> blocks, CancellationToken cancel)
    {
        try
        {
            var carry = Array.Empty<byte>();
            var carryLength = 0;
            long firstLine = 1;
            while (true)
            {
                var want = carryLength + BlockSize;
                var buffer = _recycler.Buffer(want);
                carry.AsSpan(0, carryLength).CopyTo(buffer);
                ReturnCarry(carry);
                var filled = carryLength;
                var read = 0;
                while (filled < want && (read = _stream.Read(buffer, filled, want - filled)) > 0) filled += read;
                var atEnd = filled < want;

                // Only the first line of a buffer can be longer than a block.
                if (filled > LineText.MaxLineBytes && buffer.AsSpan(0, LineText.MaxLineBytes + 1).IndexOf((byte)'\n') < 0)
                {
                    blocks.Add(Task.FromException<ParsedBlock>(new HistoryDataException(firstLine, LineText.TooLong)), cancel);
                    return;
                }

                var (cut, terminated) = atEnd ? EndOfContent(buffer.AsSpan(0, filled)) : (buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1, true);
                if (cut == 0 && !atEnd)
                {
                    // A line longer than a block: keep reading into a larger buffer.
                    (carry, carryLength) = (buffer, filled);
                    continue;
                }

                var chunk = new ArraySegment<byte>(buffer, 0, cut);
                var lines = chunk.AsSpan().Count((byte)'\n') + (atEnd && cut > 0 ? 1 : 0);
                var start = firstLine;
                blocks.Add(Task.Run(() => ParseBlock(chunk, start, atEnd, terminated, _recycler), cancel), cancel);
                firstLine += lines;
                if (atEnd) break;
                carry = _recycler.Buffer(filled - cut);
                carryLength = filled - cut;
                buffer.AsSpan(cut, carryLength).CopyTo(carry);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            blocks.Add(Task.FromException<ParsedBlock>(e), cancel);
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

    /// <summary>
    /// Where the content ends, trailing white space and blank lines left out, and whether
    /// its last line has a line end (a bare CR is white space, not a line end).
    /// </summary>
    private static (int Cut, bool Terminated) EndOfContent(ReadOnlySpan<byte> data)
    {
        var end = data.LastIndexOfAnyExcept(" \t\r\n"u8) + 1;
        return (end, data[end..].Contains((byte)'\n'));
    }
}
