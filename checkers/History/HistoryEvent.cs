namespace ElectionJepsen.Checkers.History;

/// <summary>One line of <c>history.jsonl</c>. Its line number (1-based) is <c>Index + 1</c>.</summary>
public readonly record struct HistoryEvent(
    long Index,
    long Time,
    string Process,
    EventType Type,
    string F,
    string Key,
    OpValue Value,
    string? Error)
{
    public long Line => Index + 1;
}
