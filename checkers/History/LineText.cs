using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace ElectionJepsen.Checkers.History;

/// <summary>The contract's rules on a line's bytes, before and beside its JSON (docs/history.md).</summary>
internal static class LineText
{
    /// <summary>The longest line, line end excluded: 16 MiB.</summary>
    public const int MaxLineBytes = 16 << 20;

    /// <summary>The deepest nesting of objects and arrays, the line's own object counted.</summary>
    public const int MaxDepth = 64;

    public static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth };

    public const string TooLong = "longer than 16 MiB with no line end (the contract's line limit)";

    /// <summary>What is said of a UTF-8 byte-order mark at the start of a file: the contract refuses it.</summary>
    public const string ByteOrderMarkRefused = "a UTF-8 byte-order mark: the file must start with the first line's {";

    public static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    /// <summary>Empty, or white space only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsBlank(ReadOnlySpan<byte> text) =>
        text.IsEmpty || (text[0] is (byte)' ' or (byte)'\t' or (byte)'\r' && text.IndexOfAnyExcept(" \t\r"u8) < 0);

    /// <summary>What is wrong with the UTF-8 of a line known to hold some invalid byte.</summary>
    public static string InvalidUtf8(ReadOnlySpan<byte> text) =>
        $"invalid UTF-8 at byte {FirstInvalidUtf8(text) + 1} of the line (the history must be UTF-8)";

    /// <summary>The offset of the first byte that is not part of a valid UTF-8 sequence, or -1.</summary>
    public static int FirstInvalidUtf8(ReadOnlySpan<byte> text)
    {
        var offset = 0;
        while (offset < text.Length)
        {
            var ascii = text[offset..].IndexOfAnyExceptInRange((byte)0, (byte)0x7f);
            if (ascii < 0) return -1;
            offset += ascii;
            if (Rune.DecodeFromUtf8(text[offset..], out _, out var consumed) != System.Buffers.OperationStatus.Done) return offset;
            offset += consumed;
        }

        return -1;
    }

    /// <summary>
    /// True for what a writer cut short leaves: the start of a JSON object that ends
    /// before the object does (at most a multi-byte character cut in two at its end), with
    /// nothing wrong before the cut. Prose, a complete value, or bad bytes earlier are not.
    /// </summary>
    public static bool IsUnfinishedObject(ReadOnlySpan<byte> text)
    {
        var cut = FirstInvalidUtf8(text);
        if (cut >= 0)
        {
            if (Rune.DecodeFromUtf8(text[cut..], out _, out _) != System.Buffers.OperationStatus.NeedMoreData) return false;
            text = text[..cut];
        }

        var reader = new Utf8JsonReader(text, isFinalBlock: false, new JsonReaderState(ReaderOptions));
        try
        {
            if (!reader.Read()) return text.IsEmpty || text.IndexOfAnyExcept(" \t\r"u8) < 0;
            if (reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read())
            {
                if (reader.CurrentDepth == 0) return false;
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>True when objects and arrays nest deeper than <see cref="MaxDepth"/> (strings skipped).</summary>
    public static bool NestsTooDeep(ReadOnlySpan<byte> text)
    {
        var depth = 0;
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var b = text[i];
            if (inString)
            {
                if (b == (byte)'\\') i++;
                else if (b == (byte)'"') inString = false;
            }
            else if (b == (byte)'"') inString = true;
            else if (b is (byte)'{' or (byte)'[' && ++depth > MaxDepth) return true;
            else if (b is (byte)'}' or (byte)']') depth--;
        }

        return false;
    }
}
