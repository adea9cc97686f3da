namespace ElectionJepsen.Harness.Run;

/// <summary>
/// Who leads now, as far as the claims tell: the latest "yes" with the largest token. It also
/// keeps the live estimate of leaderless time: from <see cref="Start"/>, the sum of the
/// intervals in which no candidate's latest answer claims leadership (a claim with no answer,
/// or a candidate gone, takes back that candidate's claim). The verdict's failover figures are
/// the checker's, from the history (docs/results.md); this is what the live view shows.
/// </summary>
public sealed class LeaderTracker(TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private readonly HashSet<string> _claiming = [];
    private TimeSpan _leaderless;
    private long? _leaderlessSince;
    private bool _started;

    public string? Leader { get; private set; }

    /// <summary>The leader's token, when it gave one.</summary>
    public long? Token { get; private set; }

    public int Changes { get; private set; }

    /// <summary>The leaderless time so far: the live estimate, counted from <see cref="Start"/>.</summary>
    public TimeSpan Leaderless
    {
        get
        {
            lock (_lock)
            {
                return _leaderless + (_leaderlessSince is { } since ? _time.GetElapsedTime(since) : TimeSpan.Zero);
            }
        }
    }

    /// <summary>Starts counting leaderless time (when the test begins); a second call does nothing.</summary>
    public void Start()
    {
        lock (_lock)
        {
            if (_started) return;
            _started = true;
            if (_claiming.Count == 0) _leaderlessSince = _time.GetTimestamp();
        }
    }

    public void Answered(string node, bool leader, long? token)
    {
        lock (_lock)
        {
            if (leader && (token ?? 0) >= (Token ?? 0))
            {
                if (Leader != node || Token != token) Changes++;
                (Leader, Token) = (node, token);
            }
            else if (!leader && Leader == node)
            {
                Leader = null;
            }

            Claims(node, leader);
        }
    }

    /// <summary>A candidate gave no answer (a claim timed out, its connection closed): it claims nothing now.</summary>
    public void Unanswered(string node)
    {
        lock (_lock) Claims(node, false);
    }

    private void Claims(string node, bool leader)
    {
        if (leader) _claiming.Add(node);
        else _claiming.Remove(node);
        if (!_started) return;
        if (_claiming.Count > 0 && _leaderlessSince is { } since)
        {
            _leaderless += _time.GetElapsedTime(since);
            _leaderlessSince = null;
        }
        else if (_claiming.Count == 0 && _leaderlessSince is null)
        {
            _leaderlessSince = _time.GetTimestamp();
        }
    }
}
