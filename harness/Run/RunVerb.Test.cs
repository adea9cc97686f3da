using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Nemeses;

namespace ElectionJepsen.Harness.Run;

public sealed partial class RunVerb
{
    /// <summary>
    /// The test, with the watchers that run beside it (the candidates' supervisor, the server
    /// leader's watch): they are stopped and awaited after it, whatever ended it.
    /// </summary>
    private async Task RunTestAsync(
        Cluster cluster, IEnumerable<ICandidateSession> sessions, HistoryWriter history, Ledger ledger, LeaderTracker leaders, RunLog log,
        IReadOnlyList<Func<CancellationToken, Task>> beside, CancellationToken cancel)
    {
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var running = beside.Select(watch => watch(watching.Token)).ToList();
        try
        {
            await RunTestAsync(cluster, sessions, history, ledger, leaders, log, cancel);
        }
        finally
        {
            await watching.CancelAsync();
            await Task.WhenAll(running);
        }
    }

    private async Task RunTestAsync(Cluster cluster, IEnumerable<ICandidateSession> sessions, HistoryWriter history, Ledger ledger, LeaderTracker leaders, RunLog log, CancellationToken cancel)
    {
        using var claimsStop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var claims = sessions.Select(s => Task.Run(() => ClaimLoopAsync(s, claimsStop.Token))).ToList();
        var nemeses = NemesisFactory.Create(options.Nemeses, new NemesisOptions(options.Ttl * 2)
        {
            PartitionScope = options.PartitionScope,
            PartitionShapes = options.PartitionShapes,
            Delay = options.Delay,
            // Faults together start within the first quarter of their interval.
            ComposeGap = options.NemesisInterval / (4 * Math.Max(1, options.Nemeses.Select(n => NemesisNames.Parts(n).Count).DefaultIfEmpty(1).Max() - 1)),
        });
        var runner = new NemesisRunner(cluster, nemeses, history);
        var plan = NemesisSchedule.Plan(options.Seed, options.Nemeses, options.NemesisInterval, options.TimeLimit);
        leaders.Start();
        using (var nemesisStop = CancellationTokenSource.CreateLinkedTokenSource(cancel))
        {
            nemesisStop.CancelAfter(options.TimeLimit);
            var nemesis = runner.RunAsync(plan, nemesisStop.Token, options.TimeLimit);
            await WatchAsync(cluster, sessions, runner, history, ledger, leaders, log, cancel);
            await nemesis;
        }

        if (cancel.IsCancellationRequested) log.Interrupted();
        else log.TimeLimitReached(options.QuietPeriod.TotalSeconds);
        try
        {
            await Task.Delay(options.QuietPeriod, cancel);
        }
        catch (OperationCanceledException)
        {
        }

        await claimsStop.CancelAsync();
        await Task.WhenAll(claims);
        log.ClaimsEnded(leaders.Changes, ledger.Accepted, ledger.Refused);
    }

    private async Task ClaimLoopAsync(ICandidateSession session, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await session.ClaimAsync(options.ClaimTimeout, stop);
                await Task.Delay(options.ClaimInterval, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
