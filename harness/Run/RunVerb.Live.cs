using System.Diagnostics;
using System.Globalization;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.Harness.Run.Live;

namespace ElectionJepsen.Harness.Run;

/// <summary>
/// The run's progress while the test runs: on a terminal, the live panel (<see cref="LiveView"/>),
/// with the log's console lines held back until it ends; elsewhere (output redirected, CI, a
/// terminal without ANSI), a plain line every 5 s.
/// </summary>
public sealed partial class RunVerb
{
    /// <summary>Where the matrix stands, when this run is one of a matrix's (shown above the live panel).</summary>
    public MatrixProgress? Matrix { get; init; }

    private bool Live => !Console.IsOutputRedirected && ReferenceEquals(stdout, Console.Out);

    private async Task WatchAsync(Cluster cluster, IEnumerable<ICandidateSession> sessions, NemesisRunner runner, HistoryWriter history, Ledger ledger, LeaderTracker leaders, RunLog log, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var fault = () => options.Nemeses.Count == 0 ? "no nemesis" : runner.State;
        var console = LiveView.ConsoleFor(stdout);
        if (!Live || !console.Profile.Capabilities.Ansi)
        {
            var every = TimeSpan.FromSeconds(5);
            while (clock.Elapsed < options.TimeLimit && !cancel.IsCancellationRequested)
            {
                // Whole milliseconds, rounded up: a delay of less than one ends at once, and the loop would print the last line again and again.
                var left = TimeSpan.FromMilliseconds(Math.Ceiling((options.TimeLimit - clock.Elapsed).TotalMilliseconds));
                await Task.WhenAny(Task.Delay(left < every ? left : every, CancellationToken.None), CancelledAsync(cancel));
                log.Status(Progress(clock.Elapsed, leaders, fault(), history, ledger));
            }

            return;
        }

        var processes = cluster.Candidates.ToDictionary(n => n.Process.Host.Name, n => n.Process);
        var candidates = sessions.Select(s => new LiveCandidate(
            s.Node,
            () => s.LastAnswer,
            () => processes.TryGetValue(s.Node, out var p) && p.IsRunning,
            () => processes.TryGetValue(s.Node, out var p) && p.IsPaused)).ToList();
        var title = string.Create(CultureInfo.InvariantCulture, $"{backend.Name} · nemesis {options.NemesisText} · {options.Nodes} candidates · seed {options.Seed}");
        var source = new LiveSource(title, options.TimeLimit, candidates, leaders, ledger, fault, () => history.Count)
        {
            Matrix = Matrix,
            Log = () => log.Held(3),
        };
        using (log.Hold())
        {
            await new LiveView(console, source).ShowAsync(() => clock.Elapsed < options.TimeLimit, cancel);
        }
    }

    private static Task CancelledAsync(CancellationToken cancel) => Task.Delay(Timeout.Infinite, cancel).ContinueWith(_ => { }, TaskScheduler.Default);

    private string Progress(TimeSpan elapsed, LeaderTracker leaders, string nemesis, HistoryWriter history, Ledger ledger)
    {
        var inv = CultureInfo.InvariantCulture;
        var leader = leaders.Leader is { } l ? $"leader {l} ({(leaders.Token is { } token ? $"token {token}" : "no token")})" : "no leader";
        return string.Create(inv, $"[{elapsed.TotalSeconds,4:0}s/{options.TimeLimit.TotalSeconds:0}s] {leader} | {nemesis} | {history.Count:N0} events, ledger {ledger.Accepted:N0} accepted, {ledger.Refused:N0} refused");
    }
}
