using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.TestSupport;

/// <summary>
/// Hand-written histories for tests, one line per call, with explicit times so that the
/// real-time order a test relies on is plain to read. Keys default to "leader".
/// </summary>
public sealed class HistoryBuilder
{
    private readonly List<HistoryEvent> _events = [];

    public string Key { get; set; } = "leader";

    public HistoryBuilder Invoke(long time, string process, string f, OpValue value = default, string? key = null) =>
        Add(time, process, EventType.Invoke, f, value, null, key);

    public HistoryBuilder Ok(long time, string process, string f, OpValue value = default, string? key = null) =>
        Add(time, process, EventType.Ok, f, value, null, key);

    public HistoryBuilder Fail(long time, string process, string f, string error, OpValue value = default, string? key = null) =>
        Add(time, process, EventType.Fail, f, value, error, key);

    public HistoryBuilder Info(long time, string process, string f, string error = "timeout", string? key = null) =>
        Add(time, process, EventType.Info, f, default, error, key);

    public HistoryBuilder Note(long time, string process, string f, string? error = null) =>
        Add(time, process, EventType.Event, f, default, error, null);

    /// <summary>An acquire granted <paramref name="token"/>, invoked at <paramref name="from"/> and completed at <paramref name="to"/>.</summary>
    public HistoryBuilder Acquire(long from, long to, string process, long token, string? key = null) =>
        Invoke(from, process, "acquire", OpValue.Null, key).Ok(to, process, "acquire", OpValue.FromToken(token), key);

    public HistoryBuilder Release(long from, long to, string process, long token, string? key = null) =>
        Invoke(from, process, "release", OpValue.FromToken(token), key).Ok(to, process, "release", OpValue.Null, key);

    public HistoryBuilder Claim(long from, long to, string process, long? token, string? key = null) =>
        Invoke(from, process, "claim", default, key).Ok(to, process, "claim", token is { } k ? OpValue.Claim(true, k) : OpValue.NotLeader, key);

    public HistoryBuilder Write(long from, long to, string process, long token, long seq, bool accepted = true, string? key = null)
    {
        Invoke(from, process, "write", OpValue.Write(token, seq), key);
        return accepted
            ? Ok(to, process, "write", OpValue.Null, key)
            : Fail(to, process, "write", "stale-token", OpValue.Write(token, seq), key);
    }

    public HistoryBuilder Job(long from, long to, string process, long slot, long token, string? key = null) =>
        Invoke(from, process, "job", OpValue.Job(slot, token), key).Ok(to, process, "job", OpValue.Null, key);

    public IReadOnlyList<HistoryEvent> Events => _events;

    /// <summary>The events, sorted by time (stable), with indices assigned.</summary>
    public List<HistoryEvent> Lines() =>
        [.. _events.Select((e, i) => (e, i)).OrderBy(x => x.e.Time).ThenBy(x => x.i).Select((x, i) => x.e with { Index = i })];

    public History Build() => History.FromEvents(Lines());

    public string WriteTo(string path)
    {
        using (var writer = new HistoryWriter(path, flushInterval: TimeSpan.Zero))
        {
            foreach (var ev in Lines()) writer.Write(ev);
        }

        return path;
    }

    public HistoryBuilder Add(long time, string process, EventType type, string f, OpValue value, string? error, string? key)
    {
        _events.Add(new HistoryEvent(0, time, process, type, f, key ?? Key, value, error));
        return this;
    }
}
