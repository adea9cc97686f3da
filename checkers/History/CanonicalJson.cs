using System.Text;
using System.Text.Json;

namespace ElectionJepsen.Checkers.History;

/// <summary>
/// The canonical text of a JSON value: two values are equal as JSON values exactly when
/// their canonical texts are equal. No white space; numbers as <see cref="JsonNumber"/>
/// writes them; strings unescaped and written again escaping only the quote, the
/// backslash and control characters; object members sorted by name. A member name given
/// twice in one object is a data error (it has no one meaning), as is a string holding an
/// unpaired surrogate escape (it has no UTF-8 form).
/// </summary>
internal static class CanonicalJson
{
    [ThreadStatic]
    private static ArrayBufferWriterLite? t_buffer;

    /// <summary>The canonical text of <paramref name="raw"/>, one complete JSON value the reader accepted.</summary>
    public static string Of(ReadOnlySpan<byte> raw, StringPool? pool)
    {
        var output = t_buffer ??= new ArrayBufferWriterLite();
        output.Clear();
        var reader = new Utf8JsonReader(raw, new JsonReaderOptions { MaxDepth = LineText.MaxDepth + 1 });
        reader.Read();
        WriteValue(ref reader, output);
        var text = pool?.Get(output.WrittenSpan) ?? Encoding.UTF8.GetString(output.WrittenSpan);
        if (output.Count > 1 << 16) t_buffer = null;
        return text;
    }

    /// <summary>The canonical text of a string token: its quotes included.</summary>
    public static void WriteString(ref Utf8JsonReader reader, ArrayBufferWriterLite output)
    {
        output.Write((byte)'"');
        if (!reader.ValueIsEscaped)
        {
            // Unescaped, a string holds no quote, backslash or control character.
            output.Write(reader.ValueSpan);
        }
        else
        {
            // Unescaping never lengthens a string.
            var length = reader.ValueSpan.Length;
            var bytes = length <= 256 ? stackalloc byte[256] : new byte[length];
            int n;
            try
            {
                n = reader.CopyString(bytes);
            }
            catch (InvalidOperationException)
            {
                throw UnpairedSurrogate();
            }

            Escape(bytes[..n], output);
        }

        output.Write((byte)'"');
    }

    private static void WriteValue(ref Utf8JsonReader reader, ArrayBufferWriterLite output)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                WriteObject(ref reader, output);
                break;
            case JsonTokenType.StartArray:
                output.Write((byte)'[');
                var first = true;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (!first) output.Write((byte)',');
                    first = false;
                    WriteValue(ref reader, output);
                }

                output.Write((byte)']');
                break;
            case JsonTokenType.String:
                WriteString(ref reader, output);
                break;
            case JsonTokenType.Number:
                JsonNumber.WriteCanonical(reader.ValueSpan, output);
                break;
            default:
                output.Write(reader.ValueSpan);
                break;
        }
    }

    private static void WriteObject(ref Utf8JsonReader reader, ArrayBufferWriterLite output)
    {
        var start = output.Count;
        var members = new List<(int Start, int NameEnd, int End)>();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = output.Count;
            WriteString(ref reader, output);
            var nameEnd = output.Count;
            output.Write((byte)':');
            reader.Read();
            WriteValue(ref reader, output);
            members.Add((member, nameEnd, output.Count));
        }

        var written = output.WrittenSpan[start..].ToArray();
        int Compare((int Start, int NameEnd, int End) a, (int Start, int NameEnd, int End) b) =>
            written.AsSpan((a.Start - start)..(a.NameEnd - start)).SequenceCompareTo(written.AsSpan((b.Start - start)..(b.NameEnd - start)));
        members.Sort(Compare);
        output.Truncate(start);
        output.Write((byte)'{');
        for (var i = 0; i < members.Count; i++)
        {
            var (s, nameEnd, end) = members[i];
            if (i > 0 && Compare(members[i - 1], members[i]) == 0)
            {
                throw Twice(Encoding.UTF8.GetString(written.AsSpan((s - start)..(nameEnd - start))));
            }

            if (i > 0) output.Write((byte)',');
            output.Write(written.AsSpan((s - start)..(end - start)));
        }

        output.Write((byte)'}');
    }

    /// <summary>The error of a member name given twice in one object; <paramref name="quotedName"/> as JSON writes it.</summary>
    internal static HistoryDataException Twice(string quotedName) => new($"member {quotedName} appears twice in one object");

    internal static HistoryDataException UnpairedSurrogate() =>
        new("a string holds an unpaired surrogate escape (\\uD800-\\uDFFF alone has no UTF-8 form)");

    private static void Escape(ReadOnlySpan<byte> text, ArrayBufferWriterLite output)
    {
        foreach (var b in text)
        {
            switch (b)
            {
                case (byte)'"': output.Write("\\\""u8); break;
                case (byte)'\\': output.Write("\\\\"u8); break;
                case (byte)'\n': output.Write("\\n"u8); break;
                case (byte)'\r': output.Write("\\r"u8); break;
                case (byte)'\t': output.Write("\\t"u8); break;
                case (byte)'\b': output.Write("\\b"u8); break;
                case (byte)'\f': output.Write("\\f"u8); break;
                case < 0x20:
                    output.Write("\\u00"u8);
                    output.Write("0123456789abcdef"u8[b >> 4]);
                    output.Write("0123456789abcdef"u8[b & 15]);
                    break;
                default:
                    output.Write(b);
                    break;
            }
        }
    }
}
