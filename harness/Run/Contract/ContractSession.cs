using ElectionJepsen.Checkers.History;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ElectionJepsen.Harness.Run.Contract;

/// <summary>
/// One candidate of the contract (docs/candidate.md) and its process in the history. A
/// process has one operation open at a time, so the harness's status questions and the
/// candidate's own ledger calls take turns, first come first served (docs/candidate.md, "How
/// the harness orders one candidate's operations"):
/// - a claim is stamped when its question is sent and when it is answered;
/// - a write or job is stamped when its turn comes, decided by the ledger, and stamped again
///   before the answer goes back, so the decision lies inside its interval;
/// - an <c>/op</c> invoke is recorded before it is answered, and its operation keeps the turn
///   until its completion arrives: no question is asked meanwhile, and a write or job waits
///   for the completion at most <see cref="OpenWait"/>, then is refused (409
///   <c>operation-open</c>) and recorded as an event, never as a write the ledger did not decide;
/// - when the candidate's program ends, an open operation is completed as info.
/// Nothing a candidate sends can corrupt the history: a completion with nothing open, an
/// invoke while one is open, are answered 400 and recorded as events.
/// </summary>
public sealed partial class ContractSession(string node, HistoryWriter history, Ledger ledger, LeaderTracker leaders, ILogger? log = null) : ICandidateSession
{
    public const string Key = CandidateSession.Key;

    /// <summary>How long a write or job waits for its turn (a question in flight takes at most its timeout; an open operation, until it completes).</summary>
    public static readonly TimeSpan OpenWait = TimeSpan.FromSeconds(2);

    /// <summary>How many calls of one candidate may wait for their turn at once; more are answered 429.</summary>
    public const int MaxWaiting = 64;

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Lock _lock = new();
    private volatile string? _open;
    private bool _opening;
    private int _waiting;
    private long _flooded;
    private long _rejected;

    public string Node => node;

    /// <summary>How the candidate is asked; set once its host is up.</summary>
    public StatusClient? Status { get; set; }

    public LastAnswer LastAnswer { get; private set; } = LastAnswer.Nothing;

    /// <summary>Why the latest question had no answer, for the run log.</summary>
    public string? LastUnanswered { get; private set; }

    /// <summary>Calls answered 429 because too many waited at once.</summary>
    public long Flooded => Interlocked.Read(ref _flooded);

    public async Task ClaimAsync(TimeSpan timeout, CancellationToken cancel)
    {
        if (Status is not { } status || _open is not null) return;
        if (!await _turn.WaitAsync(timeout, cancel)) return;
        try
        {
            if (_open is not null) return;
            history.Append(node, EventType.Invoke, LeaseFunctions.Claim, Key, OpValue.Absent);
            StatusResult result;
            try
            {
                result = await status.AskAsync(cancel);
            }
            catch (OperationCanceledException)
            {
                history.Append(node, EventType.Info, LeaseFunctions.Claim, Key, OpValue.Absent, "no answer");
                throw;
            }

            if (result.Answer is { } a)
            {
                LastUnanswered = null;
                history.Append(node, EventType.Ok, LeaseFunctions.Claim, Key, OpValue.Claim(a.Leader, a.Token));
                Answered(a.Leader, a.Token);
            }
            else
            {
                history.Append(node, EventType.Info, LeaseFunctions.Claim, Key, OpValue.Absent, result.Why == "timeout" ? "timeout" : "no answer");

                // Each reason once in a row, so that a candidate paused for a minute is one line, not a thousand.
                if (result.Why != LastUnanswered) StatusUnanswered(log ?? NullLogger.Instance, node, result.Why ?? "no answer");
                LastUnanswered = result.Why;
                Unanswered();
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>A write or a job: recorded and decided in the candidate's turn.</summary>
    public async Task<LedgerAnswer> OfferAsync(LedgerRequest request, CancellationToken cancel)
    {
        var (f, token, value) = request switch
        {
            WriteRequest w => (LeaseFunctions.Write, w.Token, OpValue.Write(w.Token, w.Seq)),
            JobRequest j => (LeaseFunctions.Job, j.Token, OpValue.Job(j.Slot, j.Token)),
            _ => throw new ArgumentException($"not a write or a job: {request}", nameof(request)),
        };
        if (Interlocked.Increment(ref _waiting) > MaxWaiting)
        {
            Interlocked.Decrement(ref _waiting);
            if (Interlocked.Increment(ref _flooded) % 1000 == 1) Event($"ledger: more than {MaxWaiting} calls waited at once; the excess is answered 429 and not recorded ({Flooded} so far)");
            return LedgerAnswer.Bad($"too many calls at once (at most {MaxWaiting} wait for their turn)", 429);
        }

        try
        {
            if (!await _turn.WaitAsync(OpenWait, cancel))
            {
                var open = _open;
                Event($"ledger: a {f} ({value}) waited {OpenWait.TotalSeconds:0} s for its turn{(open is null ? string.Empty : $" while the candidate's {open} was open")}; refused, not decided");
                return LedgerAnswer.Refused(open is null ? "busy" : "operation-open");
            }

            try
            {
                history.Append(node, EventType.Invoke, f, Key, value);
                var refused = ledger.Offer(token);
                if (refused is null) history.Append(node, EventType.Ok, f, Key, OpValue.Null);
                else history.Append(node, EventType.Fail, f, Key, value, refused);
                return refused is null ? LedgerAnswer.Accepted : LedgerAnswer.Refused(refused);
            }
            finally
            {
                _turn.Release();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>A line of the candidate's own for the history.</summary>
    public LedgerAnswer Note(EventRequest request)
    {
        Event(request.Text);
        return LedgerAnswer.NoContent;
    }

    /// <summary>A bad call: answered 400 by the caller, and noted in the history (the first few of each candidate, then every hundredth).</summary>
    public void Rejected(string path, string reason)
    {
        var n = Interlocked.Increment(ref _rejected);
        if (n <= 10 || n % 100 == 0) Event($"ledger: refused a call to {path} ({reason}){(n > 10 ? $"; {n} refused so far" : string.Empty)}");
    }

    private void Event(string text) =>
        history.Append(node, EventType.Event, "note", Key, OpValue.FromJson(System.Text.Json.JsonSerializer.Serialize(text)));

    private void Answered(bool leader, long? token)
    {
        LastAnswer = LastAnswer.Of(leader, token);
        leaders.Answered(node, leader, token);
    }

    private void Unanswered()
    {
        LastAnswer = new(ClaimAnswer.NoAnswer, null);
        leaders.Unanswered(node);
    }

    [LoggerMessage(EventId = 61, Level = LogLevel.Information, Message = "{Node}: its status gave no answer: {Why}")]
    private static partial void StatusUnanswered(ILogger logger, string node, string why);
}
