using System.Diagnostics;
using System.Globalization;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Nemeses;

namespace ElectionJepsen.Harness.Run;

public sealed partial class RunVerb
{
    private async Task RunTestAsync(Cluster cluster, IEnumerable<CandidateSession> sessions, HistoryWriter history, Ledger ledger, LeaderTracker leaders, RunLog log, CancellationToken cancel)
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
        var clock = Stopwatch.StartNew();
        using (var nemesisStop = CancellationTokenSource.CreateLinkedTokenSource(cancel))
        {
            nemesisStop.CancelAfter(options.TimeLimit);
            var nemesis = runner.RunAsync(plan, nemesisStop.Token, options.TimeLimit);
            var live = !Console.IsOutputRedirected;
            var every = live ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(5);
            while (clock.Elapsed < options.TimeLimit && !cancel.IsCancellationRequested)
            {
                var left = options.TimeLimit - clock.Elapsed;
                await Task.WhenAny(Task.Delay(left < every ? left : every, CancellationToken.None), CancelledAsync(cancel));
                log.Status(Progress(clock.Elapsed, leaders, options.Nemeses.Count == 0 ? "no nemesis" : runner.State, history, ledger), overwrite: live);
            }

            await nemesis;
            if (live) log.Status(string.Empty, overwrite: false);
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

    private static Task CancelledAsync(CancellationToken cancel) => Task.Delay(Timeout.Infinite, cancel).ContinueWith(_ => { }, TaskScheduler.Default);

    private async Task ClaimLoopAsync(CandidateSession session, CancellationToken stop)
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

    private string Progress(TimeSpan elapsed, LeaderTracker leaders, string nemesis, HistoryWriter history, Ledger ledger)
    {
        var inv = CultureInfo.InvariantCulture;
        var leader = leaders.Leader is { } l ? $"leader {l} (token {leaders.Token})" : "no leader";
        return string.Create(inv, $"[{elapsed.TotalSeconds,4:0}s/{options.TimeLimit.TotalSeconds:0}s] {leader} | {nemesis} | {history.Count:N0} events, ledger {ledger.Accepted:N0} accepted, {ledger.Refused:N0} refused");
    }
}
