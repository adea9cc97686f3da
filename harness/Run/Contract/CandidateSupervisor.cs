using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Run.Contract;

/// <summary>
/// Watches the candidates' programs as a supervisor would (docs/candidate.md): when one ends,
/// what it had open is completed as info; when it ended by itself (not stopped, not killed by
/// a nemesis), that is recorded as an event and it is started again a second later; a start
/// that fails is recorded and tried again a second later. A program killed by the kill
/// nemesis is left for the nemesis's heal to start.
/// </summary>
public sealed class CandidateSupervisor(IReadOnlyList<(ClusterNode Node, ContractSession Session)> candidates, HistoryWriter history)
{
    public static readonly TimeSpan RestartDelay = TimeSpan.FromSeconds(1);

    /// <summary>How many times a program ended by itself and was started again.</summary>
    public int Restarts { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        // For each candidate, the start whose end has been dealt with.
        var handled = new int[candidates.Count];
        var restartAt = new DateTime?[candidates.Count];
        var failed = new bool[candidates.Count];
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            while (await tick.WaitForNextTickAsync(stop))
            {
                for (var i = 0; i < candidates.Count; i++)
                {
                    var (node, session) = candidates[i];
                    var process = node.Process;
                    if (process.IsRunning)
                    {
                        restartAt[i] = null;
                        continue;
                    }

                    if (handled[i] != process.Starts)
                    {
                        handled[i] = process.Starts;
                        var code = process.ExitCode is { } c ? $" with code {c}" : string.Empty;
                        session.Gone(process.ExitedByItself ? $"its program exited{code}" : "its program was killed");
                        if (process.ExitedByItself)
                        {
                            history.Append(node.Host, EventType.Event, "note", ContractSession.Key,
                                OpValue.FromJson(System.Text.Json.JsonSerializer.Serialize($"{process} exited by itself{code}; started again in {RestartDelay.TotalSeconds:0} s")));
                            restartAt[i] = DateTime.UtcNow + RestartDelay;
                        }
                    }

                    if (restartAt[i] is { } at && DateTime.UtcNow >= at && (process.ExitedByItself || failed[i]))
                    {
                        restartAt[i] = null;
                        try
                        {
                            await process.StartAsync(stop);
                            Restarts++;
                            failed[i] = false;
                        }
                        catch (InvalidOperationException)
                        {
                            // Started meanwhile by a nemesis's heal.
                            failed[i] = false;
                        }
                        catch (Exception e) when (e is ExecException or IOException)
                        {
                            failed[i] = true;
                            restartAt[i] = DateTime.UtcNow + RestartDelay;
                            history.Append(node.Host, EventType.Event, "note", ContractSession.Key,
                                OpValue.FromJson(System.Text.Json.JsonSerializer.Serialize($"{process} could not be started again ({e.Message}); tried again in {RestartDelay.TotalSeconds:0} s")));
                        }
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
