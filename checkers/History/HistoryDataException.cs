namespace ElectionJepsen.Checkers.History;

/// <summary>A malformed history: exit code 65. The message names the line.</summary>
public sealed class HistoryDataException : Exception
{
    public HistoryDataException(long line, string message)
        : base($"line {line}: {message}") => Line = line;

    public HistoryDataException(string message)
        : base(message) => Line = 0;

    public HistoryDataException()
    {
    }

    public HistoryDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The 1-based line number, or 0 when the error concerns the file as a whole.</summary>
    public long Line { get; }
}
