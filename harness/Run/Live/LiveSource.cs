namespace ElectionJepsen.Harness.Run.Live;

/// <summary>One candidate as the live view reads it: its latest answer and its process's state.</summary>
public sealed record LiveCandidate(string Node, Func<LastAnswer> Said, Func<bool> Running, Func<bool> Paused);

/// <summary>
/// Takes <see cref="LiveSnapshot"/>s of a running test from the objects that keep its state,
/// each thread-safe on its own: the sessions' latest answers, the processes, the nemesis's
/// state, the ledger, the leader tracker and the history's count. Time runs from the source's
/// making, on the injected clock.
/// </summary>
public sealed class LiveSource(
    string title,
    TimeSpan limit,
    IReadOnlyList<LiveCandidate> candidates,
    LeaderTracker leaders,
    Ledger ledger,
    Func<string> fault,
    Func<long> events,
    TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly long _start = (time ?? TimeProvider.System).GetTimestamp();

    /// <summary>Where the matrix stands when this run started, if it is one of a matrix's.</summary>
    public MatrixProgress? Matrix { get; init; }

    /// <summary>The latest log lines held back from the console.</summary>
    public Func<IReadOnlyList<string>> Log { get; init; } = () => [];

    public TimeSpan Elapsed => _time.GetElapsedTime(_start);

    public LiveSnapshot Take()
    {
        var now = _time.GetTimestamp();
        var matrix = Matrix is { } m
            ? m with { Left = m.Left is { } left ? Max(TimeSpan.Zero, left - _time.GetElapsedTime(m.Since, now)) : null, Since = now }
            : null;
        return new LiveSnapshot(
            title,
            _time.GetElapsedTime(_start, now),
            limit,
            [.. candidates.Select(c => CandidateLine.Of(c.Node, c.Said(), c.Running(), c.Paused()))],
            fault(),
            ledger.Accepted,
            ledger.Refused,
            leaders.Leaderless,
            events(),
            matrix,
            Log());
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
