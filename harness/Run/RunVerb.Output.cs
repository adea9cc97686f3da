using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Cli;
using Microsoft.Extensions.Logging;

namespace ElectionJepsen.Harness.Run;

/// <summary>The run's history on a disk that may fill: its failure stops the run and becomes the run's one line.</summary>
public sealed partial class RunVerb
{
    /// <summary>test.json, before anything is started: a store that cannot take it ends the run at once.</summary>
    private async Task WriteTestJsonAsync(RunStore store, string runId)
    {
        try
        {
            TestRecord.Of(options, runId, backend, await backend.VersionAsync(), Environment.GetCommandLineArgs().Skip(1), DateTime.UtcNow).Write(store.TestJson);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"{store.TestJson} cannot be written: {e.Message}", e);
        }
    }

    /// <summary>The run's history writer, in the run's directory.</summary>
    private static HistoryWriter NewHistory(RunStore store)
    {
        try
        {
            return new HistoryWriter(store.History);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputException($"the history {store.History} cannot be created: {e.Message}", e);
        }
    }

    /// <summary>The history cannot be written: the run stops as Ctrl-C stops it, saying why (on the thread pool, never inside the writer's locks).</summary>
    private static void Stop(RunLog log, CancellationTokenSource stopping, IOException? failure)
    {
        HistoryFailed(log, failure?.Message ?? "unknown");
        stopping.Cancel();
    }

    private static OutputException Unwritable(RunStore store, IOException failure)
    {
        string prefix;
        try
        {
            prefix = $"its first {History.Load(store.History).EventCount} events are in {store.History} (check them with: check {store.History})";
        }
        catch (Exception e) when (e is HistoryDataException or IOException)
        {
            prefix = $"what it recorded is in {store.History}, which does not read as a history ({e.Message})";
        }

        return new OutputException($"the history could not be written ({failure.Message}); the run was stopped, healed and torn down; {prefix}", failure);
    }

    [LoggerMessage(EventId = 23, Level = LogLevel.Warning, Message = "the history cannot be written ({Reason}): stopping the run, healing the faults and tearing down")]
    private static partial void HistoryFailed(ILogger logger, string reason);
}
