using RedLockNet;

namespace LeaderService;

/// <summary>
/// Holds leadership through RedLock.net: one non-blocking <c>CreateLockAsync</c> per
/// campaign (announced to the ledger first, its outcome reported after). A lock it got is
/// kept alive by RedLock.net's own timer, which extends it every half expiry; the service
/// leads while the lock says <c>IsAcquired</c>, and lets it go (disposes it) when it no
/// longer does, or when the host stops (SIGTERM), which releases it on every master.
/// </summary>
public sealed partial class LeaderElection(
    IDistributedLockFactory locks,
    CandidateSettings settings,
    Leadership leadership,
    LedgerClient ledger,
    ILogger<LeaderElection> logger) : BackgroundService
{
    private const string Resource = "ej:leader";
    private const string Acquire = "acquire";
    private const string Release = "release";

    /// <summary>How often the service looks at <c>IsAcquired</c> to let a lost lock go; the status reads it at every question.</summary>
    private static readonly TimeSpan Watch = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Campaigning(settings.Node, settings.RedisServers.Count, Resource, (long)settings.Ttl.TotalMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            var redLock = await CampaignAsync(stoppingToken);
            if (redLock is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(50, 250)), stoppingToken);
                continue;
            }

            await LeadAsync(redLock, stoppingToken);
        }
    }

    /// <summary>One campaign; the lock when it was acquired, else null. Its outcome is reported even while the host stops.</summary>
    private async Task<IRedLock?> CampaignAsync(CancellationToken stoppingToken)
    {
        if (!await ledger.OpAsync(Acquire, "invoke", null, stoppingToken)) return null;
        IRedLock redLock;
        try
        {
            // No wait: one acquisition (RedLock.net's own up to three quorum attempts), with the
            // host's token, so that a stopping host campaigns no more. The retry is unused
            // without a wait; RedLock.net raises any below 10 ms to 10 ms, with a warning.
            redLock = await locks.CreateLockAsync(Resource, settings.Ttl, TimeSpan.Zero, TimeSpan.FromMilliseconds(10), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ledger.OpAsync(Acquire, "info", "stopped while campaigning", CancellationToken.None);
            return null;
        }
        catch (Exception e)
        {
            await ledger.OpAsync(Acquire, "info", $"redlock: {e.Message}", CancellationToken.None);
            return null;
        }

        if (!redLock.IsAcquired)
        {
            var (status, summary) = (redLock.Status, redLock.InstanceSummary);
            await redLock.DisposeAsync();

            // Conflicted with every master answering: the lock is certainly someone else's.
            // Otherwise a master did not answer, and a SET it got may have gone through.
            await ledger.OpAsync(Acquire, status == RedLockStatus.Conflicted && summary.Error == 0 ? "fail" : "info", $"{status} ({summary})", CancellationToken.None);
            return null;
        }

        await leadership.LeadAsync(redLock, () => ledger.OpAsync(Acquire, "ok", null, CancellationToken.None));
        BecameLeader(redLock.LockId, redLock.InstanceSummary.ToString());
        await ledger.EventAsync($"became leader ({redLock.InstanceSummary})", CancellationToken.None);
        return redLock;
    }

    /// <summary>Leads until the lock stops saying <c>IsAcquired</c>, or the host stops.</summary>
    private async Task LeadAsync(IRedLock redLock, CancellationToken stoppingToken)
    {
        try
        {
            while (redLock.IsAcquired) await Task.Delay(Watch, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await leadership.LetGoAsync();
        if (!stoppingToken.IsCancellationRequested)
        {
            var status = $"{redLock.Status} ({redLock.InstanceSummary}) after {redLock.ExtendCount} extensions";
            await redLock.DisposeAsync();
            LostLeadership(status);
            await ledger.EventAsync($"lost leadership: the lock is {status}", stoppingToken);
            return;
        }

        // A release the ledger did not record is not completed there either.
        var recorded = await ledger.OpAsync(Release, "invoke", null, CancellationToken.None);
        await redLock.DisposeAsync();
        if (recorded) await ledger.OpAsync(Release, "ok", null, CancellationToken.None);
        Resigned();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Node} campaigning on {Masters} redis masters for {Resource} (expiry {TtlMs} ms)")]
    private partial void Campaigning(string node, int masters, string resource, long ttlMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "became leader: lock {LockId} ({Summary})")]
    private partial void BecameLeader(string lockId, string summary);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "lost leadership: the lock is {Status}")]
    private partial void LostLeadership(string status);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "resigned: the lock is released")]
    private partial void Resigned();
}
