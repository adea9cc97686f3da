namespace LeaderService;

/// <summary>
/// What the leader does while it believes it leads: a write to the ledger every 100 ms,
/// and the job of each slot that falls due (a slot falls due when the wall clock crosses
/// into it; the leader at that moment runs it).
/// </summary>
public sealed partial class LeaderDuties(
    CandidateSettings settings,
    Leadership leadership,
    LedgerClient ledger,
    ILogger<LeaderDuties> logger) : BackgroundService
{
    private static readonly TimeSpan WriteEvery = TimeSpan.FromMilliseconds(100);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(WritesAsync(stoppingToken), JobsAsync(stoppingToken));

    private async Task WritesAsync(CancellationToken stoppingToken)
    {
        long seq = 0;
        using var timer = new PeriodicTimer(WriteEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await leadership.WhileLeadingAsync(async cancel =>
            {
                if (!await ledger.WriteAsync(++seq, cancel)) WriteRefused(seq);
            }, stoppingToken);
        }
    }

    private async Task JobsAsync(CancellationToken stoppingToken)
    {
        var interval = (long)settings.JobInterval.TotalMilliseconds;
        var last = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / interval;
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(Math.Min(20, interval)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var slot = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / interval;
            if (slot == last) continue;
            last = slot;
            await leadership.WhileLeadingAsync(async cancel =>
            {
                if (!await ledger.JobAsync(slot, cancel)) JobRefused(slot);
            }, stoppingToken);
        }
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "write {Seq} was not accepted")]
    private partial void WriteRefused(long seq);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "job slot {Slot} was not accepted")]
    private partial void JobRefused(long slot);
}
