using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.Harness.Run.Contract;

/// <summary>The candidate's own operations (<c>/op</c>), and what its program's end closes.</summary>
public sealed partial class ContractSession
{
    /// <summary>The function of the operation the candidate has open, or null.</summary>
    public string? Open => _open;

    /// <summary>An invoke is recorded and keeps the turn; a completion is recorded and gives it back.</summary>
    public async Task<LedgerAnswer> OperateAsync(OpRequest op, CancellationToken cancel)
    {
        var f = op.F == OpRequest.Acquire ? LeaseFunctions.Acquire : LeaseFunctions.Release;
        if (op.IsInvoke)
        {
            lock (_lock)
            {
                if (_open is not null || _opening) return Rejected(op, $"an invoke of {op.F} while its {_open ?? "previous invoke"} is open");
                _opening = true;
            }

            try
            {
                await _turn.WaitAsync(cancel);
            }
            catch (OperationCanceledException)
            {
                lock (_lock) _opening = false;
                throw;
            }

            lock (_lock)
            {
                var value = f == LeaseFunctions.Release ? (op.Token is { } k ? OpValue.FromToken(k) : OpValue.Null) : OpValue.Null;
                history.Append(node, EventType.Invoke, f, Key, value);
                (_open, _opening) = (f, false);
            }

            return LedgerAnswer.Accepted;
        }

        lock (_lock)
        {
            if (_open != f) return Rejected(op, $"a completion ({op.Type}) of {op.F} with {(_open is null ? "nothing" : $"its {_open}")} open");
            var (type, value) = op.Type switch
            {
                OpRequest.Ok when f == LeaseFunctions.Acquire => (EventType.Ok, OpValue.Grant(op.Token)),
                OpRequest.Ok => (EventType.Ok, OpValue.Null),
                OpRequest.Fail => (EventType.Fail, OpValue.Absent),
                _ => (EventType.Info, OpValue.Absent),
            };
            history.Append(node, type, f, Key, value, type == EventType.Ok ? null : op.Error ?? op.Type);
            _open = null;
            if (type == EventType.Ok && f == LeaseFunctions.Acquire) Answered(true, op.Token);
            _turn.Release();
        }

        return LedgerAnswer.Accepted;
    }

    /// <summary>The candidate's program ended (by itself, or killed): what it had open is completed as info, and its last answer forgotten.</summary>
    public void Gone(string why)
    {
        lock (_lock)
        {
            if (_open is { } f)
            {
                history.Append(node, EventType.Info, f, Key, OpValue.Absent, why);
                _open = null;
                _turn.Release();
            }
        }

        Unanswered();
    }

    private LedgerAnswer Rejected(OpRequest op, string reason)
    {
        Rejected(LedgerRequest.OpPath, reason);
        return LedgerAnswer.Bad(reason);
    }
}
