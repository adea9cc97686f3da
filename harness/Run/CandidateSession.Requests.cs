using ElectionJepsen.Checkers.History;
using ElectionJepsen.Workloads.Control;

namespace ElectionJepsen.Harness.Run;

/// <summary>The operations the harness stamps itself: the claims it asks, and the writes and jobs its ledger decides.</summary>
public sealed partial class CandidateSession
{
    /// <summary>Asks the candidate whether it leads; info when no answer comes within the timeout.</summary>
    public async Task ClaimAsync(TimeSpan timeout, CancellationToken cancel)
    {
        if (_channel is null) return;
        await _turn.WaitAsync(cancel);
        var id = Interlocked.Increment(ref _nextClaim);
        var answer = new TaskCompletionSource<ControlMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _claims[id] = answer;
        try
        {
            var channel = _channel ?? throw new IOException("not connected");
            history.Append(node, EventType.Invoke, LeaseFunctions.Claim, Key, OpValue.Absent);
            try
            {
                await channel.SendAsync(new ControlMessage(MessageTypes.Claim) { Id = id }, cancel);
                var m = await answer.Task.WaitAsync(timeout, cancel);
                var leader = m.Leader!.Value;
                var token = leader ? m.Token!.Value : 0;
                history.Append(node, EventType.Ok, LeaseFunctions.Claim, Key, OpValue.Claim(leader, token));
                Answered(leader, token);
            }
            catch (Exception e) when (e is TimeoutException or IOException or OperationCanceledException)
            {
                history.Append(node, EventType.Info, LeaseFunctions.Claim, Key, OpValue.Absent, e is TimeoutException ? "timeout" : "no answer");
                if (e is OperationCanceledException) throw;
                Unanswered();
            }
        }
        finally
        {
            _claims.TryRemove(id, out _);
            _turn.Release();
        }
    }

    private async Task OfferAsync(ControlChannel channel, ControlMessage m, CancellationToken cancel)
    {
        var isJob = m.Type == MessageTypes.Job;
        var f = isJob ? LeaseFunctions.Job : LeaseFunctions.Write;
        var token = m.Token!.Value;
        var value = isJob ? OpValue.Job(m.Slot!.Value, token) : OpValue.Write(token, m.Seq!.Value);
        string? refused;
        await _turn.WaitAsync(cancel);
        try
        {
            history.Append(node, EventType.Invoke, f, Key, value);
            refused = ledger.Offer(token);
            if (refused is null) history.Append(node, EventType.Ok, f, Key, OpValue.Null);
            else history.Append(node, EventType.Fail, f, Key, value, refused);
        }
        finally
        {
            _turn.Release();
        }

        try
        {
            await channel.SendAsync(new ControlMessage(MessageTypes.Written) { Id = m.Id, Outcome = refused is null ? Outcomes.Ok : Outcomes.Fail, Error = refused }, cancel);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // The write is recorded; the candidate that sent it is gone, or the run is ending.
        }
    }
}
