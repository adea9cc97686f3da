using System.Text.Json;
using System.Text.Json.Serialization;

namespace ElectionJepsen.Workloads.Contract;

/// <summary>
/// A call of our candidate to the ledger of the contract (docs/candidate.md): its path and
/// its JSON body, written here once, whether it is posted to the ledger or printed on
/// standard output.
/// </summary>
public sealed record LedgerCall(string Path, string Body)
{
    public const string WritePath = "/write";
    public const string JobPath = "/job";
    public const string OpPath = "/op";
    public const string EventPath = "/event";

    /// <summary>The type of a campaign's or resignation's first line; its completion's type is its outcome (ok, fail, info).</summary>
    public const string Invoke = "invoke";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    /// <summary><c>{"token": 7, "seq": 12}</c></summary>
    public static LedgerCall Write(long token, long seq) => new(WritePath, Serialize(new WriteBody(token, seq)));

    /// <summary><c>{"slot": 1764432000, "token": 7}</c></summary>
    public static LedgerCall Job(long slot, long token) => new(JobPath, Serialize(new JobBody(slot, token)));

    /// <summary><c>{"f": "acquire", "type": "ok", "value": {"token": 7}}</c>; <paramref name="type"/> is invoke or an outcome.</summary>
    public static LedgerCall Op(string f, string type, long? token, string? error) =>
        new(OpPath, Serialize(new OpBody(f, type, token is { } k ? new TokenValue(k) : null, error)));

    /// <summary><c>{"text": "became leader with token 7"}</c></summary>
    public static LedgerCall Event(string text) => new(EventPath, Serialize(new EventBody(text)));

    /// <summary>The refusal's reason in a ledger's 409 answer (<c>{"ok": false, "error": "stale-token"}</c>), or null.</summary>
    public static string? ErrorOf(string answer)
    {
        try
        {
            using var document = JsonDocument.Parse(answer);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String
                ? e.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Serialize<T>(T body) => JsonSerializer.Serialize(body, Json);

    private sealed record WriteBody(long Token, long Seq);

    private sealed record JobBody(long Slot, long Token);

    private sealed record TokenValue(long Token);

    private sealed record OpBody(string F, string Type, TokenValue? Value, string? Error);

    private sealed record EventBody(string Text);
}
