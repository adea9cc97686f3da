using System.Runtime.CompilerServices;
using System.Text.Json;

namespace ElectionJepsen.Checkers.History;

/// <summary>
/// Passes over the value of a field the checker does not read, holding it to what the
/// contract asks of every value (docs/history.md): no member name twice in one object, no
/// escape that stands for half a character. Nothing is kept; an object's names are
/// compared only when it has more than one.
/// </summary>
internal static class SkippedValue
{
    /// <summary>Reads the value that starts at the reader's token, leaving the reader on its last token.</summary>
    /// <exception cref="HistoryDataException">a member name twice, or an unpaired surrogate escape.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Skip(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                SkipObject(ref reader);
                break;
            case JsonTokenType.StartArray:
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray) Skip(ref reader);
                break;
            case JsonTokenType.String when reader.ValueIsEscaped:
                _ = Unescaped(ref reader);
                break;
        }
    }

    private static void SkipObject(ref Utf8JsonReader reader)
    {
        string? first = null;
        HashSet<string>? names = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = Unescaped(ref reader);
            if (first is null) first = name;
            else if (!(names ??= new(StringComparer.Ordinal) { first }).Add(name)) throw CanonicalJson.Twice($"\"{name}\"");
            reader.Read();
            Skip(ref reader);
        }
    }

    private static string Unescaped(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw CanonicalJson.UnpairedSurrogate();
        }
    }
}
