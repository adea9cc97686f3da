using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Run;

/// <summary>Asks the backend every second which server leads, so nemeses can aim at it; logs each change.</summary>
public sealed class ServerLeaderWatch(IBackend backend, IReadOnlyList<Host> servers, RunLog log)
{
    public string? Leader { get; private set; }

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var now = await backend.ServerLeaderAsync(servers, stop);
                if (now is not null && now != Leader) log.ServerLeaderChanged(now);
                if (now is not null) Leader = now;
                await Task.Delay(TimeSpan.FromSeconds(1), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ExecException e)
            {
                log.ServerLeaderUnknown(e.Message);
            }
        }
    }
}
