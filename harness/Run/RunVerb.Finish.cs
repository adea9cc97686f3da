using ElectionJepsen.Checkers.Checking;
using ElectionJepsen.Checkers.FencedLease;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Checkers.Linearizability;
using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Reports.Junit;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Harness.Run;

public sealed partial class RunVerb
{
    /// <summary>
    /// Candidates first (SIGTERM: they resign, and that is recorded; a candidate of the contract
    /// has one TTL for it, ours 5 s), then the channel (the control socket, or the ledger), the
    /// servers, the history, the hosts.
    /// </summary>
    private async Task StopAsync(List<ClusterNode> nodes, IAsyncDisposable? channel, HistoryWriter? history, INetwork network, RunLog log, ServerContext context)
    {
        var grace = options.Candidate is null ? TimeSpan.FromSeconds(5) : options.Ttl;
        await Quietly(log, "stopping candidates", () => Task.WhenAll(nodes.Where(n => n.Role == NodeRole.Candidate).Select(n => n.Process.StopAsync(grace))));
        if (channel is not null) await Quietly(log, "closing the candidates' channel", async () => await channel.DisposeAsync());
        await Quietly(log, "stopping servers", () => Task.WhenAll(nodes.Where(n => n.Role == NodeRole.Server).Select(n => n.Process.KillAsync())));
        foreach (var n in nodes) await Quietly(log, $"stopping {n.Process}", async () => await n.Process.DisposeAsync());
        await Quietly(log, "removing the servers' data", () =>
        {
            foreach (var server in nodes.Where(n => n.Role == NodeRole.Server).Select(n => n.Process.Host.Name).Distinct())
            {
                foreach (var scratch in backend.ScratchDirectories)
                {
                    var dir = StoreLayout.Node(context.RunDirectory, server, scratch);
                    if (System.IO.Directory.Exists(dir)) System.IO.Directory.Delete(dir, recursive: true);
                }
            }

            return Task.CompletedTask;
        });
        history?.Dispose();
        await Quietly(log, $"finishing {backend.Name}", async () =>
        {
            if (await backend.FinishAsync(context, CancellationToken.None) is { } done) log.BackendFinished(backend.Name, done);
        });
        await Quietly(log, "removing the hosts", async () => await network.DisposeAsync());
    }

    /// <summary>The JUnit test case of a run of <paramref name="o"/>.</summary>
    public static JunitCase Junit(RunOptions o, string? directory, TimeSpan elapsed) => o.Candidate is { } c
        ? new($"electionjepsen.{c.Slug}.{o.Backend}", $"{c.Name} on {o.Backend} under {o.NemesisText}, seed {o.Seed}", elapsed,
            [("candidate", c.Name), ("backend", o.Backend), ("nemesis", o.NemesisText), ("seed", o.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("run", directory ?? "(none)")])
        : new($"electionjepsen.{o.Backend}", $"{o.Backend} under {o.NemesisText}, seed {o.Seed}", elapsed,
            [("backend", o.Backend), ("nemesis", o.NemesisText), ("seed", o.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("run", directory ?? "(none)")]);

    private static async Task Quietly(RunLog log, string what, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e)
        {
            log.StepFailed(what, e.Message);
        }
    }

    private int Check(RunStore store, RunLog log, bool cancelled, TimeSpan elapsed)
    {
        if (cancelled) log.CheckingAfterInterruption();
        History history;
        try
        {
            history = History.Load(store.History);
        }
        catch (HistoryDataException e)
        {
            log.OwnHistoryMalformed(e.Message);
            return ExitCodes.Internal;
        }

        stdout.WriteLine();
        var settings = new CheckSettings(FencedLeaseChecker.ModelName, SearchLimits.Default, Search: true);
        var result = HistoryCheck.CheckAndReport(history, store.History, Path.Combine(store.Directory, StoreLayout.ResultsFile), Path.Combine(store.Directory, StoreLayout.ReportFile), settings, stdout, CancellationToken.None);
        store.PointLatest();
        stdout.WriteLine($"store     {store.Directory}");

        Result = result;
        if (options.Junit is { } junit)
        {
            Outputs.Write("JUnit file", junit, () => JunitReport.Write(junit, Junit(options, store.Directory, elapsed), result));
            stdout.WriteLine($"junit     {junit}");
        }

        log.Verdict(result.Valid.Describe());
        return result.Valid.ExitCode();
    }
}
