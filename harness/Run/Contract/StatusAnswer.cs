using System.Text.Json;

namespace ElectionJepsen.Harness.Run.Contract;

/// <summary>
/// What a candidate's status endpoint said (docs/candidate.md): whether it leads, and its
/// token when it gave one. The one reader of the answer's body: <c>{"leader": true, "token": 7}</c>,
/// <c>{"leader": true}</c>, <c>{"leader": false}</c>, or a bare <c>true</c> or <c>false</c>;
/// other members are ignored, a token of a follower too.
/// </summary>
public readonly record struct StatusAnswer(bool Leader, long? Token)
{
    /// <summary>The largest body read; a longer answer is not read.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Reads a body; null with the reason when it is not an answer of the contract.</summary>
    public static StatusAnswer? Parse(ReadOnlySpan<byte> body, out string? why)
    {
        why = null;
        if (body.Trim(" \t\r\n"u8).IsEmpty) return Fail("an empty body", out why);
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 16 });
            reader.Read();
            var answer = reader.TokenType switch
            {
                JsonTokenType.True => new StatusAnswer(true, null),
                JsonTokenType.False => new StatusAnswer(false, null),
                JsonTokenType.StartObject => ReadObject(ref reader, out why),
                _ => Fail<StatusAnswer?>($"a JSON {Describe(reader.TokenType)}, not an object or true/false", out why),
            };
            if (answer is null) return null;

            // Whatever follows the value must be white space: the reader throws otherwise.
            reader.Read();
            return answer;
        }
        catch (JsonException e)
        {
            return Fail($"not JSON ({e.Message})", out why);
        }
        catch (InvalidOperationException e)
        {
            // A member name or string that is not UTF-8.
            return Fail($"not JSON ({e.Message})", out why);
        }
    }

    private static StatusAnswer? ReadObject(ref Utf8JsonReader reader, out string? why)
    {
        why = null;
        bool? leader = null;
        long? token = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            if (!seen.Add(name)) return Fail($"\"{Short(name)}\" given twice", out why);
            reader.Read();
            switch (name)
            {
                case "leader" when reader.TokenType is JsonTokenType.True or JsonTokenType.False:
                    leader = reader.GetBoolean();
                    break;
                case "leader":
                    return Fail("\"leader\" must be true or false", out why);
                case "token" when reader.TokenType == JsonTokenType.Null:
                    break;
                case "token" when reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var k) && k >= 0:
                    token = k;
                    break;
                case "token":
                    return Fail("\"token\" must be a non-negative integer", out why);
                default:
                    reader.Skip();
                    break;
            }
        }

        if (leader is null) return Fail("no \"leader\" member", out why);
        return new StatusAnswer(leader.Value, leader.Value ? token : null);
    }

    private static string Describe(JsonTokenType t) => t switch
    {
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.Null => "null",
        _ => t.ToString().ToLowerInvariant(),
    };

    private static string Short(string s) => s.Length > 40 ? s[..40] + "…" : s;

    private static StatusAnswer? Fail(string reason, out string? why) => Fail<StatusAnswer?>(reason, out why);

    private static T? Fail<T>(string reason, out string? why)
    {
        why = reason;
        return default;
    }
}
