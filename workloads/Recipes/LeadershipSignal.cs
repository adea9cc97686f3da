namespace ElectionJepsen.Workloads.Recipes;

/// <summary>
/// What an election that runs by itself (a Raft node, a Kubernetes leader elector) tells a
/// recipe about this candidate: whether it leads and with which token, a task for the next
/// time it is elected, and with each election a task that completes, with why, when that
/// leadership ends.
/// </summary>
public sealed class LeadershipSignal
{
    private readonly Lock _lock = new();
    private TaskCompletionSource<(long Token, Task<string> Lost)> _elected = New<(long, Task<string>)>();
    private TaskCompletionSource<string> _lost = New<string>();
    private bool _leading;
    private long _token;

    public (bool Leading, long Token) Current
    {
        get
        {
            lock (_lock) return (_leading, _token);
        }
    }

    /// <summary>Waits until this candidate leads: its token, and a task that completes, with why, when that leadership ends.</summary>
    public Task<(long Token, Task<string> Lost)> ElectedAsync(CancellationToken cancel)
    {
        lock (_lock) return _elected.Task.WaitAsync(cancel);
    }

    /// <summary>Now leading with <paramref name="token"/> (a new token while leading ends the old leadership first).</summary>
    public void Gain(long token)
    {
        lock (_lock)
        {
            if (_leading && _token == token) return;
            if (_leading) LoseLocked($"re-elected with token {token}");
            (_leading, _token) = (true, token);
            _elected.TrySetResult((token, _lost.Task));
        }
    }

    public void Lose(string why)
    {
        lock (_lock) LoseLocked(why);
    }

    private void LoseLocked(string why)
    {
        if (!_leading) return;
        _leading = false;
        _lost.TrySetResult(why);
        _lost = New<string>();
        _elected = New<(long, Task<string>)>();
    }

    private static TaskCompletionSource<T> New<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
