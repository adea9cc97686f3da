using System.Text.Json;
using ElectionJepsen.Workloads.Contract;

namespace ElectionJepsen.Harness.Run.Contract;

/// <summary>
/// A call of a candidate to the ledger (docs/candidate.md), read from its path and JSON body:
/// the one reader of these bodies. A body that is not what the path wants gives no request
/// and the one-line reason the candidate is answered with (400).
/// </summary>
public abstract record LedgerRequest
{
    public const string WritePath = LedgerCall.WritePath;
    public const string JobPath = LedgerCall.JobPath;
    public const string OpPath = LedgerCall.OpPath;
    public const string EventPath = LedgerCall.EventPath;

    /// <summary>The largest body taken; a longer one is refused (413).</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The longest error or event text kept; longer ones are cut.</summary>
    public const int MaxText = 1000;

    public static readonly IReadOnlyList<string> Paths = [WritePath, JobPath, OpPath, EventPath];

    /// <summary>The request of <paramref name="path"/> with <paramref name="body"/>, or null and why not.</summary>
    public static LedgerRequest? Parse(string path, ReadOnlySpan<byte> body, out string? why)
    {
        why = null;
        Dictionary<string, JsonElement> members;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            why = $"the body is not JSON ({e.Message})";
            return null;
        }

        try
        {
            members = Members(document);
        }
        catch (InvalidOperationException e)
        {
            // A member name that is not UTF-8.
            why = $"the body is not JSON ({e.Message})";
            return null;
        }
        catch (BadRequest e)
        {
            why = e.Message;
            return null;
        }
        finally
        {
            document.Dispose();
        }

        try
        {
            return path switch
            {
                WritePath => new WriteRequest(TokenOf(members), Integer(members, "seq", "the write's sequence number")),
                JobPath => new JobRequest(Integer(members, "slot", "the job slot"), TokenOf(members)),
                OpPath => OpRequest.From(members),
                EventPath => new EventRequest(Cut(TextOf(members, "text") ?? throw new BadRequest("\"text\" is required: a string"))),
                _ => throw new BadRequest($"no such path: the ledger serves {string.Join(", ", Paths)}"),
            };
        }
        catch (Exception e) when (e is BadRequest or InvalidOperationException)
        {
            why = e is BadRequest ? e.Message : $"the body is not JSON ({e.Message})";
            return null;
        }
    }

    /// <summary>The body's members, each once (a member given twice is refused), kept past the document.</summary>
    private static Dictionary<string, JsonElement> Members(JsonDocument document)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Object) throw new BadRequest("the body must be a JSON object");
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var m in document.RootElement.EnumerateObject())
        {
            if (!members.TryAdd(m.Name, m.Value.Clone())) throw new BadRequest($"\"{m.Name}\" is given twice");
        }

        return members;
    }

    internal static long? TokenOf(Dictionary<string, JsonElement> members) =>
        members.TryGetValue("token", out var t) && t.ValueKind != JsonValueKind.Null
            ? t.ValueKind == JsonValueKind.Number && t.TryGetInt64(out var k) && k >= 0 ? k : throw new BadRequest("\"token\" must be a non-negative integer")
            : null;

    private static long Integer(Dictionary<string, JsonElement> members, string name, string what) =>
        members.TryGetValue(name, out var v)
            ? v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : throw new BadRequest($"\"{name}\" must be an integer ({what})")
            : throw new BadRequest($"\"{name}\" is required: an integer ({what})");

    internal static string? TextOf(Dictionary<string, JsonElement> members, string name) =>
        members.TryGetValue(name, out var v) && v.ValueKind != JsonValueKind.Null
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : throw new BadRequest($"\"{name}\" must be a string")
            : null;

    internal static string Cut(string text) => text.Length > MaxText ? text[..MaxText] + "…" : text;

    internal sealed class BadRequest(string message) : Exception(message);
}

/// <summary><c>/write</c>: the leader's write, fenced when it carries a token.</summary>
public sealed record WriteRequest(long? Token, long Seq) : LedgerRequest;

/// <summary><c>/job</c>: the leader ran a job slot.</summary>
public sealed record JobRequest(long Slot, long? Token) : LedgerRequest;

/// <summary><c>/event</c>: a line for the history.</summary>
public sealed record EventRequest(string Text) : LedgerRequest;

/// <summary>
/// <c>/op</c>: the candidate's own campaign or resignation, one line at a time: its invoke, then
/// its completion (ok, fail or info). An acquire's ok may carry <c>{"token": k}</c>; a
/// release's invoke may carry the token it resigns.
/// </summary>
public sealed record OpRequest(string F, string Type, long? Token, string? Error) : LedgerRequest
{
    public const string Acquire = "acquire";
    public const string Release = "release";
    public const string Invoke = "invoke";
    public const string Ok = "ok";
    public const string Fail = "fail";
    public const string Info = "info";

    public bool IsInvoke => Type == Invoke;

    internal static OpRequest From(Dictionary<string, JsonElement> members)
    {
        var f = TextOf(members, "f") ?? throw new BadRequest("\"f\" is required: \"acquire\" or \"release\"");
        if (f is not (Acquire or Release)) throw new BadRequest("\"f\" must be \"acquire\" or \"release\"");
        var type = TextOf(members, "type") ?? throw new BadRequest("\"type\" is required: \"invoke\", \"ok\", \"fail\" or \"info\"");
        if (type is not (Invoke or Ok or Fail or Info)) throw new BadRequest("\"type\" must be \"invoke\", \"ok\", \"fail\" or \"info\"");
        long? token = null;
        if (members.TryGetValue("value", out var value) && value.ValueKind != JsonValueKind.Null)
        {
            if (value.ValueKind != JsonValueKind.Object) throw new BadRequest("\"value\" must be an object such as {\"token\": 7}, or null");
            var inner = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var m in value.EnumerateObject())
            {
                if (!inner.TryAdd(m.Name, m.Value)) throw new BadRequest($"\"value\": \"{m.Name}\" is given twice");
            }

            token = TokenOf(inner);
        }

        var error = TextOf(members, "error") is { } e ? Cut(e) : null;
        return new OpRequest(f, type, token, error);
    }
}
