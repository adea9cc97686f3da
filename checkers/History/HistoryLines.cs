using System.Text;

namespace ElectionJepsen.Checkers.History;

/// <summary>One line of a history file as written, cut to a length for showing.</summary>
public sealed record HistoryLine(long Index, string Text, bool Truncated);

/// <summary>
/// The raw text of chosen lines of a history file, by index (line number less one), split
/// into lines as <see cref="HistoryReader"/> splits them: at LF only, so that a bare CR
/// inside a line (JSON white space) never moves the lines that follow.
/// </summary>
public static class HistoryLines
{
    /// <summary>The wanted lines that the file has, each cut to <paramref name="maxChars"/> characters; read in one pass that stops after the last wanted.</summary>
    public static Dictionary<long, HistoryLine> Read(string path, IReadOnlySet<long> indices, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var found = new Dictionary<long, HistoryLine>();
        if (indices.Count == 0) return found;
        var last = indices.Max();
        var maxBytes = (maxChars * 3) + 4;
        var current = new List<byte>();
        var more = false;
        long index = 0;
        using var stream = HistoryReader.OpenFile(path);
        var buffer = new byte[1 << 16];
        int read;
        while (index <= last && (read = stream.Read(buffer)) > 0)
        {
            var span = buffer.AsSpan(0, read);
            while (!span.IsEmpty && index <= last)
            {
                var nl = span.IndexOf((byte)'\n');
                var part = nl < 0 ? span : span[..nl];
                if (indices.Contains(index))
                {
                    var room = Math.Max(0, maxBytes - current.Count);
                    current.AddRange(part[..Math.Min(room, part.Length)]);
                    more |= part.Length > room;
                }

                if (nl < 0) break;
                span = span[(nl + 1)..];
                if (indices.Contains(index)) found[index] = Line(index, current, more, maxChars);
                current.Clear();
                more = false;
                index++;
            }
        }

        // The last line may have no line end.
        if (index <= last && indices.Contains(index) && current.Count > 0) found[index] = Line(index, current, more, maxChars);
        return found;
    }

    private static HistoryLine Line(long index, List<byte> bytes, bool more, int maxChars)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(bytes);
        if (!more && !span.IsEmpty && span[^1] == (byte)'\r') span = span[..^1];
        var text = Encoding.UTF8.GetString(span);
        if (more && text.Length > 0 && text[^1] == '\uFFFD') text = text[..^1];
        if (text.Length <= maxChars) return new HistoryLine(index, text, more);
        var cut = char.IsHighSurrogate(text[maxChars - 1]) ? maxChars - 1 : maxChars;
        return new HistoryLine(index, text[..cut], true);
    }
}
