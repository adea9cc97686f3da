namespace ElectionJepsen.Checkers.Results;

public static class Summaries
{
    public static HistorySummary Of(History.History history) =>
        new(history.EventCount, history.Operations.Length, [.. history.Processes]);
}
