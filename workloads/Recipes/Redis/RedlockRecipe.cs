using System.Diagnostics;

namespace ElectionJepsen.Workloads.Recipes.Redis;

/// <summary>
/// Redlock, as the Redis documentation specifies it: the same key and random value on N
/// independent masters, each asked with a timeout small against the TTL; the lock is held
/// when a majority granted it and the time spent is less than its validity, which is then
/// the TTL less that time less the clock drift (1% of the TTL plus 2 ms); otherwise every
/// master is unlocked and the candidate retries after a random delay. Extension and release
/// go to every master the same way. The token is the largest fencing counter among the
/// granting majority: each master counts on its own, so two majorities can hand out the
/// same or a smaller token, which is why this is not a safe fencing token.
/// </summary>
public sealed class RedlockRecipe(IReadOnlyList<RedisNode> masters, string node, TimeSpan ttl) : IRecipe
{
    private string _value = string.Empty;

    public TimeSpan RenewInterval => ttl / 3;

    private int Quorum => (masters.Count / 2) + 1;

    private TimeSpan Drift => (ttl * 0.01) + TimeSpan.FromMilliseconds(2);

    public async Task<Grant?> AcquireAsync(CancellationToken cancel)
    {
        _value = $"{node}:{Guid.NewGuid():N}";
        var clock = Stopwatch.StartNew();
        var tokens = await Task.WhenAll(masters.Select(m => Quietly(() => m.AcquireAsync(_value, ttl, cancel), 0L)));
        var granted = tokens.Where(t => t > 0).ToList();
        var validity = ttl - clock.Elapsed - Drift;
        if (granted.Count >= Quorum && validity > TimeSpan.Zero) return new Grant(granted.Max(), validity);
        await UnlockAllAsync(cancel);
        return null;
    }

    public async Task<TimeSpan?> RenewAsync(CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var renewed = await Task.WhenAll(masters.Select(m => Quietly(() => m.RenewAsync(_value, ttl, cancel), false)));
        var validity = ttl - clock.Elapsed - Drift;
        return renewed.Count(r => r) >= Quorum && validity > TimeSpan.Zero ? validity : null;
    }

    public async Task<bool> ReleaseAsync(CancellationToken cancel)
    {
        var released = await Task.WhenAll(masters.Select(m => Quietly(() => m.ReleaseAsync(_value, cancel), false)));
        return released.Count(r => r) >= Quorum;
    }

    public TimeSpan RetryDelay(Random random) => TimeSpan.FromMilliseconds(random.Next(50, 250));

    public async ValueTask DisposeAsync()
    {
        foreach (var m in masters) await m.DisposeAsync();
    }

    private Task UnlockAllAsync(CancellationToken cancel) => Task.WhenAll(masters.Select(m => Quietly(() => m.ReleaseAsync(_value, cancel), false)));

    /// <summary>One master's answer; a master that does not answer in time counts as a no.</summary>
    private static async Task<T> Quietly<T>(Func<Task<T>> call, T otherwise)
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return otherwise;
        }
    }
}
