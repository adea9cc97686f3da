using System.Text.Encodings.Web;
using System.Text.Json;

namespace ElectionJepsen.Harness.Run.Contract;

/// <summary>What the ledger answers a call: an HTTP status and a JSON body (none for 204).</summary>
public sealed record LedgerAnswer(int Status, string? Body)
{
    public static LedgerAnswer Accepted { get; } = new(200, "{\"ok\": true}");

    public static LedgerAnswer NoContent { get; } = new(204, null);

    /// <summary>409 with the reason the ledger did not accept it (fencing refused the token, or the candidate's own operation is open).</summary>
    public static LedgerAnswer Refused(string error) => new(409, Error(error));

    /// <summary>400 (or another 4xx) with a one-line reason.</summary>
    public static LedgerAnswer Bad(string reason, int status = 400) => new(status, Error(reason));

    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The body of a refusal, its reason readable as it is (quotes escaped as \", not \u0022; the answer is JSON, never HTML).</summary>
    private static string Error(string error) => "{\"ok\": false, \"error\": " + JsonSerializer.Serialize(error, Readable) + "}";
}
