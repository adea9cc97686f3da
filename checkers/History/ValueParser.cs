using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace ElectionJepsen.Checkers.History;

/// <summary>
/// Reads a <c>value</c> from a JSON reader positioned on its first token. An object's lease
/// fields (<c>token</c>, <c>seq</c>, <c>slot</c> as integers, by value: <c>7.0</c> is 7;
/// <c>leader</c> as a boolean) are found whatever the escaping of their names; any other
/// value, or an object with anything more, keeps its <see cref="CanonicalJson"/> text.
/// A member name twice in one object is a data error.
/// </summary>
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
            case JsonTokenType.Null:
                return OpValue.Null;
            case JsonTokenType.StartArray:
                reader.Skip();
                return Other(CanonicalJson.Of(source[start..(int)reader.BytesConsumed], pool));
            case JsonTokenType.String when !reader.ValueIsEscaped:
            case JsonTokenType.Number when JsonNumber.IsPlainInteger(reader.ValueSpan):
            case JsonTokenType.True or JsonTokenType.False:
                // Quotes included, an unescaped string is already canonical; so are literals and plain integers.
                return Other(Text(source[start..(int)reader.BytesConsumed], pool));
            default:
                return Other(CanonicalJson.Of(source[start..(int)reader.BytesConsumed], pool));
        }
    }

    private static OpValue Other(string json) => OpValue.FromParts(false, 0, false, 0, false, 0, null, json);

    private static string Text(ReadOnlySpan<byte> utf8, StringPool? pool) => pool?.Get(utf8) ?? Encoding.UTF8.GetString(utf8);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static OpValue ParseObject(ref Utf8JsonReader reader, ReadOnlySpan<byte> source, int start, StringPool? pool)
    {
        bool hasToken = false, hasSeq = false, hasSlot = false, hasLeader = false, other = false;
        long token = 0, seq = 0, slot = 0;
        bool? leader = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("token"u8)) hasToken = ReadInt(ref reader, ref token, ref other, hasToken, "token");
            else if (reader.ValueTextEquals("seq"u8)) hasSeq = ReadInt(ref reader, ref seq, ref other, hasSeq, "seq");
            else if (reader.ValueTextEquals("slot"u8)) hasSlot = ReadInt(ref reader, ref slot, ref other, hasSlot, "slot");
            else if (reader.ValueTextEquals("leader"u8))
            {
                if (hasLeader) throw Twice("leader");
                hasLeader = true;
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

        // With more than the lease fields, the canonical text holds them all (and finds
        // any other member name given twice).
        var json = other ? CanonicalJson.Of(source[start..(int)reader.BytesConsumed], pool) : null;
        return OpValue.FromParts(hasToken, token, hasSeq, seq, hasSlot, slot, leader, json);
    }

    /// <summary>Reads an integer lease field; a value of another type makes the object an other value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ReadInt(ref Utf8JsonReader reader, ref long value, ref bool other, bool seenBefore, string name)
    {
        // A name twice with a wrong-typed value first is found by the canonical text.
        if (seenBefore) throw Twice(name);
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && JsonNumber.TryGetInt64(ref reader, out value))
        {
            return true;
        }

        other = true;
        reader.Skip();
        return false;
    }

    private static HistoryDataException Twice(string name) => CanonicalJson.Twice($"\"{name}\"");
}
