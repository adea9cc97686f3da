using System.Diagnostics;
using Medallion.Threading.Redis;
using StackExchange.Redis;

namespace LeaderService;

/// <summary>
/// Holds leadership through DistributedLock's <see cref="RedisDistributedLock"/>: one
/// <c>TryAcquireAsync</c> attempt per campaign (announced to the ledger first, its outcome
/// reported after), then the handle is kept until its <c>HandleLostToken</c> fires (the
/// library's extension found the lock gone, or its lease ran out without a renewal) or
/// the host stops (SIGTERM), when the lock is released.
/// </summary>
public sealed partial class LeaderElection(
    IConnectionMultiplexer redis,
    CandidateSettings settings,
    Leadership leadership,
    LedgerClient ledger,
    ILogger<LeaderElection> logger) : BackgroundService
{
    private const string Acquire = "acquire";
    private const string Release = "release";

    private readonly RedisDistributedLock _lock = new(
        "ej:leader",
        redis.GetDatabase(),
        options => options.Expiry(settings.Ttl).MinValidityTime(settings.Ttl * 0.9).ExtensionCadence(settings.Ttl / 3));

    /// <summary>
    /// How long DistributedLock waits for Redis to answer an attempt (the expiry less the
    /// minimum validity); an attempt that gets no answer in time also comes back as null.
    /// </summary>
    private TimeSpan AcquireTimeout => settings.Ttl * 0.1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Campaigning(settings.Node, settings.RedisServer, (long)settings.Ttl.TotalMilliseconds);
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
                catch (Exception e) when (e is RedisException or TimeoutException or InvalidOperationException)
                {
                    RedisDidNotAnswer(e.Message);
                }
            }
        }
    }

    /// <summary>One attempt; the handle when it won, else null. Its outcome is reported even while the host stops.</summary>
    private async Task<RedisDistributedLockHandle?> CampaignAsync(CancellationToken stoppingToken)
    {
        if (!await ledger.OpAsync(Acquire, "invoke", null, stoppingToken)) return null;
        RedisDistributedLockHandle? handle;
        var attempt = Stopwatch.StartNew();
        try
        {
            handle = await _lock.TryAcquireAsync(TimeSpan.Zero, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ledger.OpAsync(Acquire, "info", "stopped while campaigning", CancellationToken.None);
            throw;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            await ledger.OpAsync(Acquire, "info", $"redis: {e.Message}", CancellationToken.None);
            RedisDidNotAnswer(e.Message);
            return null;
        }

        // The library's timer may fire a few milliseconds early: nine tenths of its timeout is "no answer".
        if (handle is null && attempt.Elapsed >= AcquireTimeout * 0.9)
        {
            // Null for want of an answer: the SET may have reached Redis, so the outcome is unknown.
            await ledger.OpAsync(Acquire, "info", "no answer within DistributedLock's acquire timeout", CancellationToken.None);
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
    private async Task LeadAsync(RedisDistributedLockHandle handle, CancellationToken stoppingToken)
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
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            if (recorded) await ledger.OpAsync(Release, "info", $"redis: {e.Message}", CancellationToken.None);
            RedisDidNotAnswer(e.Message);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Node} campaigning on redis {Server} for ej:leader (ttl {TtlMs} ms)")]
    private partial void Campaigning(string node, string server, long ttlMs);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "became leader")]
    private partial void BecameLeader();

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "lost leadership: DistributedLock signalled HandleLostToken")]
    private partial void LostLeadership();

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "resigned: the lock is released")]
    private partial void Resigned();

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "redis did not answer: {Reason}")]
    private partial void RedisDidNotAnswer(string reason);
}
