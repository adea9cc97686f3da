using System.Globalization;
using System.Net.Http.Headers;
using ElectionJepsen.Workloads.Candidate;
using ElectionJepsen.Workloads.Control;

namespace ElectionJepsen.Workloads.Contract;

/// <summary>
/// The witness of a candidate that keeps the contract (docs/candidate.md): each act is a
/// <see cref="LedgerCall"/>, posted to the ledger at <c>EJ_LEDGER</c>, or, with no ledger,
/// written as one line on standard output (so that a compose project's logs show who leads
/// and who writes). With a ledger, campaigns and events are written on standard output too,
/// one line each, for the candidate's log. A ledger that does not answer stops nothing: an
/// announcement is sent again until it is on record, a write or job is not accepted, a report
/// or event is lost.
/// </summary>
public sealed class ContractWitness : IWitness, IDisposable
{
    /// <summary>How long one call may take: the ledger holds a write up to two seconds while the candidate's campaign is open.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait before announcing again a campaign the ledger did not put on record.</summary>
    private static readonly TimeSpan AnnounceAgain = TimeSpan.FromMilliseconds(200);

    private readonly string _node;
    private readonly string? _ledger;
    private readonly HttpClient? _http;
    private readonly TextWriter _output;
    private long _nextId;

    /// <param name="node">The candidate's name, at the start of each line it writes.</param>
    /// <param name="ledger">The ledger's base URL, or null to write every act on <paramref name="output"/>.</param>
    /// <param name="output">Where lines go: standard output.</param>
    public ContractWitness(string node, Uri? ledger, TextWriter output)
    {
        _node = node;
        _output = output;
        if (ledger is null) return;
        _ledger = ledger.ToString().TrimEnd('/');
        _http = new HttpClient { Timeout = CallTimeout };
    }

    public CancellationToken Closed => CancellationToken.None;

    public async Task<long> AnnounceAsync(string f, long? token, CancellationToken cancel)
    {
        var call = LedgerCall.Op(f, LedgerCall.Invoke, token, null);
        while ((await SendAsync(call, cancel)).Status != 200) await Task.Delay(AnnounceAgain, cancel);
        return Interlocked.Increment(ref _nextId);
    }

    public async Task ReportAsync(long id, string f, string outcome, long? token = null, string? error = null, CancellationToken cancel = default)
    {
        // The contract's ok carries no error: a note on a success (a lease no longer ours when resigned) is an event.
        var ok = outcome == Outcomes.Ok;
        await SendAsync(LedgerCall.Op(f, outcome, token, ok ? null : error), cancel);
        if (ok && error is not null) await EventAsync($"{f} of token {token}: {error}", cancel);
    }

    public async Task<string?> WriteAsync(long token, long seq, CancellationToken cancel) => Refusal(await SendAsync(LedgerCall.Write(token, seq), cancel));

    public async Task<string?> JobAsync(long slot, long token, CancellationToken cancel) => Refusal(await SendAsync(LedgerCall.Job(slot, token), cancel));

    public Task EventAsync(string text, CancellationToken cancel = default) => SendAsync(LedgerCall.Event(text), cancel);

    public void Dispose() => _http?.Dispose();

    /// <summary>Null when the ledger accepted it (or there is none), else why not.</summary>
    private static string? Refusal((int? Status, string Answer) answer) => answer.Status switch
    {
        200 => null,
        409 => LedgerCall.ErrorOf(answer.Answer) ?? "refused",
        null => $"the ledger did not answer ({answer.Answer})",
        var status => $"the ledger answered {status}: {answer.Answer}",
    };

    /// <summary>Posts the call (or writes it on standard output): the answer's status and body, or no status and why.</summary>
    private async Task<(int? Status, string Answer)> SendAsync(LedgerCall call, CancellationToken cancel)
    {
        if (_http is null || call.Path is LedgerCall.OpPath or LedgerCall.EventPath) await WriteLineAsync(call);
        if (_http is null) return (call.Path == LedgerCall.EventPath ? 204 : 200, string.Empty);
        try
        {
            using var content = new StringContent(call.Body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await _http.PostAsync(new Uri(_ledger + call.Path), content, cancel);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancel));
        }
        catch (Exception e) when (!cancel.IsCancellationRequested && e is HttpRequestException or OperationCanceledException or IOException)
        {
            return (null, e is OperationCanceledException ? "timeout" : e.Message);
        }
    }

    private Task WriteLineAsync(LedgerCall call) =>
        _output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {_node} {call.Path} {call.Body}"));
}
