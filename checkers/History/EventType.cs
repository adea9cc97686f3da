namespace ElectionJepsen.Checkers.History;

/// <summary>The <c>type</c> of a history line (docs/history.md).</summary>
public enum EventType : byte
{
    Invoke,
    Ok,
    Fail,
    Info,
    Event,
}

public static class EventTypes
{
    public static string Name(this EventType type) => type switch
    {
        EventType.Invoke => "invoke",
        EventType.Ok => "ok",
        EventType.Fail => "fail",
        EventType.Info => "info",
        EventType.Event => "event",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static bool TryParse(ReadOnlySpan<byte> utf8, out EventType type)
    {
        type = utf8 switch
        {
            _ when utf8.SequenceEqual("invoke"u8) => EventType.Invoke,
            _ when utf8.SequenceEqual("ok"u8) => EventType.Ok,
            _ when utf8.SequenceEqual("fail"u8) => EventType.Fail,
            _ when utf8.SequenceEqual("info"u8) => EventType.Info,
            _ when utf8.SequenceEqual("event"u8) => EventType.Event,
            _ => (EventType)255,
        };
        return type != (EventType)255;
    }

    /// <summary>True for the three completions of an operation.</summary>
    public static bool IsCompletion(this EventType type) => type is EventType.Ok or EventType.Fail or EventType.Info;
}
