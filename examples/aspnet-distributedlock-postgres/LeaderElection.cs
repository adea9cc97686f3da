using System.Data.Common;
using Medallion.Threading.Postgres;

namespace LeaderService;

/// <summary>
/// Holds leadership through DistributedLock's <see cref="PostgresDistributedLock"/> (a
/// session-level advisory lock): one <c>TryAcquireAsync</c> attempt per campaign (announced
/// to the ledger first, its outcome reported after), then the handle is kept until its
/// <c>HandleLostToken</c> fires (the library's monitoring found the connection that holds
/// the lock gone) or the host stops (SIGTERM), when the lock is released.
/// </summary>
public sealed partial class LeaderElection(
    CandidateSettings settings,
    Leadership leadership,
    LedgerClient ledger,
    ILogger<LeaderElection> logger) : BackgroundService
{
    private const string Acquire = "acquire";
    private const string Release = "release";

    private readonly PostgresDistributedLock _lock = new(new PostgresAdvisoryLockKey("ej:leader", allowHashing: true), settings.ConnectionString);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Campaigning(settings.Node, settings.PostgresServer);
        while (!stoppingToken.IsCancellationRequested)
        {
            var handle = await CampaignAsync(stoppingToken);
            if (handle is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(50, 250)), stoppingToken);
                continue;
            }

            try
            {
                await LeadAsync(handle, stoppingToken);
            }
            finally
            {
                // After a loss the handle's connection may be gone: letting it go must not stop the service.
                try
                {
                    await handle.DisposeAsync();
                }
                catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException)
                {
                    PostgresDidNotAnswer(e.Message);
                }
            }
        }
    }

    /// <summary>One attempt; the handle when it won, else null. Its outcome is reported even while the host stops.</summary>
    private async Task<PostgresDistributedLockHandle?> CampaignAsync(CancellationToken stoppingToken)
    {
        if (!await ledger.OpAsync(Acquire, "invoke", null, stoppingToken)) return null;
        PostgresDistributedLockHandle? handle;
        try
        {
            handle = await _lock.TryAcquireAsync(TimeSpan.Zero, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ledger.OpAsync(Acquire, "info", "stopped while campaigning", CancellationToken.None);
            throw;
        }
        catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException)
        {
            // The attempt may or may not have reached the server: its outcome is unknown.
            await ledger.OpAsync(Acquire, "info", $"postgres: {e.Message}", CancellationToken.None);
            PostgresDidNotAnswer(e.Message);
            return null;
        }

        if (handle is null)
        {
            await ledger.OpAsync(Acquire, "fail", "held", CancellationToken.None);
            return null;
        }

        await ledger.OpAsync(Acquire, "ok", null, CancellationToken.None);
        leadership.Lead();
        BecameLeader();
        await ledger.EventAsync("became leader", CancellationToken.None);
        return handle;
    }

    /// <summary>Leads until the library says the lock is lost, or the host stops.</summary>
    private async Task LeadAsync(PostgresDistributedLockHandle handle, CancellationToken stoppingToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(handle.HandleLostToken, stoppingToken);
        await Task.Delay(Timeout.InfiniteTimeSpan, either.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await leadership.LoseAsync();
        if (!stoppingToken.IsCancellationRequested)
        {
            LostLeadership();
            await ledger.EventAsync("lost leadership: DistributedLock signalled HandleLostToken", stoppingToken);
            return;
        }

        // A release the ledger did not record is not completed there either.
        var recorded = await ledger.OpAsync(Release, "invoke", null, CancellationToken.None);
        try
        {
            await handle.DisposeAsync();
            if (recorded) await ledger.OpAsync(Release, "ok", null, CancellationToken.None);
            Resigned();
        }
        catch (Exception e) when (e is DbException or TimeoutException or InvalidOperationException)
        {
            if (recorded) await ledger.OpAsync(Release, "info", $"postgres: {e.Message}", CancellationToken.None);
            PostgresDidNotAnswer(e.Message);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Node} campaigning on postgres {Server} for ej:leader")]
    private partial void Campaigning(string node, string server);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "became leader")]
    private partial void BecameLeader();

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "lost leadership: DistributedLock signalled HandleLostToken")]
    private partial void LostLeadership();

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "resigned: the lock is released")]
    private partial void Resigned();

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "postgres did not answer: {Reason}")]
    private partial void PostgresDidNotAnswer(string reason);
}
