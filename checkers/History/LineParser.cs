using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ElectionJepsen.Checkers.History;

/// <summary>Parses one line of the history into a <see cref="HistoryEvent"/>.</summary>
internal static partial class LineParser
{
    /// <summary>Returns null when the line parsed, else what is wrong with it.</summary>
    public static string? TryParse(ReadOnlySpan<byte> line, StringPool pool, out HistoryEvent ev)
    {
        ev = default;
        try
        {
            return Parse(line, pool, out ev);
        }
        catch (HistoryDataException e)
        {
            return e.Message;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return LineText.NestsTooDeep(line)
                ? $"JSON nested deeper than {LineText.MaxDepth} levels (the contract's limit)"
                : $"not valid JSON: {Trim(e.Message)}";
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? Parse(ReadOnlySpan<byte> line, StringPool pool, out HistoryEvent ev)
    {
        ev = default;
        var reader = new Utf8JsonReader(line, LineText.ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return "a line must be one JSON object";

        long index = -1, time = -1;
        string? process = null, f = null, key = null, error = null;
        EventType? type = null;
        var value = OpValue.Absent;
        var seen = Field.None;
        HashSet<string>? others = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Known(ref reader);
            if ((seen & field) != 0) return $"\"{Name(field)}\" appears twice";
            seen |= field;
            if (field == Field.Index)
            {
                if (!ReadCount(ref reader, out index)) return "\"index\" must be a non-negative integer";
            }
            else if (field == Field.Time)
            {
                if (!ReadCount(ref reader, out time)) return "\"time\" must be a non-negative integer (nanoseconds)";
            }
            else if (field == Field.Process)
            {
                if ((process = ReadString(ref reader, pool)) is null) return "\"process\" must be a string";
            }
            else if (field == Field.Type)
            {
                reader.Read();
                if (!ReadType(ref reader, out var t))
                {
                    return "\"type\" must be one of invoke, ok, fail, info, event";
                }

                type = t;
            }
            else if (field == Field.F)
            {
                if ((f = ReadString(ref reader, pool)) is null) return "\"f\" must be a string";
            }
            else if (field == Field.Key)
            {
                if ((key = ReadString(ref reader, pool)) is null) return "\"key\" must be a string";
            }
            else if (field == Field.Error)
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null) error = null;
                else if (reader.TokenType == JsonTokenType.String) error = GetString(ref reader, pool);
                else return "\"error\" must be a string";
            }
            else if (field == Field.Value)
            {
                reader.Read();
                value = ValueParser.Parse(ref reader, line, pool);
            }
            else
            {
                // Fields may be added to the format: skip what we do not know (once), held to the
                // contract all the same (no name twice inside, no half a character).
                var name = reader.GetString()!;
                if (!(others ??= new(StringComparer.Ordinal)).Add(name)) return $"\"{name}\" appears twice";
                reader.Read();
                SkippedValue.Skip(ref reader);
            }
        }

        if (reader.TokenType != JsonTokenType.EndObject) return "a line must be one JSON object";
        if (reader.Read()) return "text after the JSON object";
        if (index < 0) return "missing \"index\"";
        if (time < 0) return "missing \"time\"";
        if (process is null) return "missing \"process\"";
        if (type is null) return "missing \"type\"";
        if (f is null) return "missing \"f\"";
        ev = new HistoryEvent(index, time, process, type.Value, f, key ?? string.Empty, value, error);
        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ReadCount(ref Utf8JsonReader reader, out long value)
    {
        reader.Read();
        value = -1;
        return reader.TokenType == JsonTokenType.Number &&
            JsonNumber.TryGetInt64(ref reader, out value) && value >= 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? ReadString(ref Utf8JsonReader reader, StringPool pool)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.String ? GetString(ref reader, pool) : null;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string GetString(ref Utf8JsonReader reader, StringPool pool)
    {
        if (!reader.ValueIsEscaped) return pool.Get(reader.ValueSpan);
        var length = reader.ValueSpan.Length;
        var chars = length <= 512 ? stackalloc char[length] : new char[length];
        var n = reader.CopyString(chars);
        return pool.Get(chars[..n]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool ReadType(ref Utf8JsonReader reader, out EventType type)
    {
        type = default;
        if (reader.TokenType != JsonTokenType.String) return false;
        if (!reader.ValueIsEscaped) return EventTypes.TryParse(reader.ValueSpan, out type);
        if (reader.ValueSpan.Length > 64) return false;
        Span<byte> text = stackalloc byte[64];
        return EventTypes.TryParse(text[..reader.CopyString(text)], out type);
    }

    private static string Trim(string message)
    {
        var cut = message.IndexOf(" LineNumber", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }
}
