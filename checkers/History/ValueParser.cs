using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace ElectionJepsen.Checkers.History;

/// <summary>Reads a <c>value</c> from a JSON reader positioned on its first token.</summary>
internal static class ValueParser
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static OpValue Parse(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, StringPool? pool)
    {
        var start = (int)reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return ParseObject(ref reader, source, start, pool);
            case JsonTokenType.StartArray:
                reader.Skip();
                return OpValue.FromParts(false, 0, false, 0, false, 0, null, Canonical(source[start..(int)reader.BytesConsumed], pool));
            case JsonTokenType.Null:
                return OpValue.Null;
            default:
                // A primitive holds no white space: its text is already canonical.
                var text = source[start..(int)reader.BytesConsumed];
                return OpValue.FromParts(false, 0, false, 0, false, 0, null, pool?.Get(text) ?? Encoding.UTF8.GetString(text));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static OpValue ParseObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, int start, StringPool? pool)
    {
        bool hasToken = false, hasSeq = false, hasSlot = false, other = false;
        long token = 0, seq = 0, slot = 0;
        bool? leader = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("token"u8)) hasToken = ReadInt(ref reader, ref token, ref other);
            else if (reader.ValueTextEquals("seq"u8)) hasSeq = ReadInt(ref reader, ref seq, ref other);
            else if (reader.ValueTextEquals("slot"u8)) hasSlot = ReadInt(ref reader, ref slot, ref other);
            else if (reader.ValueTextEquals("leader"u8))
            {
                reader.Read();
                if (reader.TokenType is JsonTokenType.True or JsonTokenType.False) leader = reader.TokenType == JsonTokenType.True;
                else
                {
                    other = true;
                    reader.Skip();
                }
            }
            else
            {
                other = true;
                reader.Read();
                reader.Skip();
            }
        }

        var json = other ? Canonical(source[start..(int)reader.BytesConsumed], pool) : null;
        return OpValue.FromParts(hasToken, token, hasSeq, seq, hasSlot, slot, leader, json);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ReadInt(ref Utf8JsonReader reader, ref long value, ref bool other)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out value)) return true;
        other = true;
        reader.Skip();
        return false;
    }

    /// <summary>Compact text of an object or array: white space outside strings removed.</summary>
    private static string Canonical(ReadOnlySpan<byte> raw, StringPool? pool)
    {
        var compact = new byte[raw.Length];
        var n = 0;
        var inString = false;
        for (var i = 0; i < raw.Length; i++)
        {
            var b = raw[i];
            if (inString)
            {
                compact[n++] = b;
                if (b == (byte)'\\' && i + 1 < raw.Length) compact[n++] = raw[++i];
                else if (b == (byte)'"') inString = false;
            }
            else if (b == (byte)'"')
            {
                inString = true;
                compact[n++] = b;
            }
            else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                compact[n++] = b;
            }
        }

        var span = compact.AsSpan(0, n);
        return pool?.Get(span) ?? Encoding.UTF8.GetString(span);
    }
}
