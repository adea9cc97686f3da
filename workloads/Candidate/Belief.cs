namespace ElectionJepsen.Workloads.Candidate;

/// <summary>
/// What the candidate believes about its own leadership: a flag and a token, kept by its
/// campaign loop from its local deadline (its own wall clock), as leader-election libraries
/// keep an "is leader" flag. Claims, writes and jobs read the flag, so a candidate frozen
/// past its lease acts on the old belief until its loop wakes and notices.
/// </summary>
public sealed class Belief
{
    private readonly Lock _lock = new();
    private bool _leading;
    private long _token;

    public DateTime Deadline { get; private set; }

    public (bool Leader, long Token) Current
    {
        get
        {
            lock (_lock) return (_leading, _token);
        }
    }

    public void Lead(long token, DateTime deadline)
    {
        lock (_lock) (_leading, _token, Deadline) = (true, token, deadline);
    }

    public void Extend(DateTime deadline)
    {
        lock (_lock) Deadline = deadline;
    }

    /// <summary>Stops leading; false when it was not leading.</summary>
    public bool Lose()
    {
        lock (_lock)
        {
            var was = _leading;
            _leading = false;
            return was;
        }
    }
}
