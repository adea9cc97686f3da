using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LeaderService;

/// <summary>
/// The harness's ledger (docs/candidate.md): the protected resource the leader writes to,
/// and where campaigns are reported. A call that fails is logged and answered false; it
/// never throws.
/// </summary>
public sealed partial class LedgerClient(HttpClient http, ILogger<LedgerClient> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reports a campaign or a resignation: "acquire" or "release", then "invoke", "ok", "fail" or "info".</summary>
    public Task<bool> OpAsync(string f, string type, string? error, CancellationToken cancellationToken) =>
        PostAsync("op", new Op(f, type, error), cancellationToken);

    /// <summary>A write to the protected resource. DistributedLock gives no fencing token, so none is sent.</summary>
    public Task<bool> WriteAsync(long seq, CancellationToken cancellationToken) =>
        PostAsync("write", new { seq }, cancellationToken);

    /// <summary>Runs the job of one slot. No token, for the same reason.</summary>
    public Task<bool> JobAsync(long slot, CancellationToken cancellationToken) =>
        PostAsync("job", new { slot }, cancellationToken);

    public Task<bool> EventAsync(string text, CancellationToken cancellationToken) =>
        PostAsync("event", new { text }, cancellationToken);

    private async Task<bool> PostAsync<T>(string path, T body, CancellationToken cancellationToken)
    {
        try
        {
            // Serialized first, so that the request says its length rather than arriving in chunks.
            using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, Json));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(path, content, cancellationToken);
            if (response.IsSuccessStatusCode) return true;
            Refused(path, (int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
            return false;
        }
        catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            Unreachable(path, e.Message);
            return false;
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "ledger /{Path} refused: {Status} {Answer}")]
    private partial void Refused(string path, int status, string answer);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "ledger /{Path} did not answer: {Reason}")]
    private partial void Unreachable(string path, string reason);

    private sealed record Op(
        string F,
        string Type,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error);
}
