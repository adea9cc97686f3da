namespace ElectionJepsen.Workloads.Recipes.Redis;

/// <summary>
/// The single-server Redis lock: acquire with SET NX PX and an INCR of a fencing counter in
/// one Lua script (the token is the counter); renew by compare-and-pexpire every ttl/3;
/// release by compare-and-delete.
/// </summary>
public sealed class RedisRecipe(RedisNode server, string node, TimeSpan ttl) : IRecipe
{
    private string _value = string.Empty;

    public TimeSpan RenewInterval => ttl / 3;

    public async Task<Grant?> AcquireAsync(CancellationToken cancel)
    {
        _value = $"{node}:{Guid.NewGuid():N}";
        var token = await server.AcquireAsync(_value, ttl, cancel);
        return token > 0 ? new Grant(token, ttl) : null;
    }

    public async Task<TimeSpan?> RenewAsync(CancellationToken cancel) => await server.RenewAsync(_value, ttl, cancel) ? ttl : null;

    public Task<bool> ReleaseAsync(CancellationToken cancel) => server.ReleaseAsync(_value, cancel);

    public TimeSpan RetryDelay(Random random) => TimeSpan.FromMilliseconds(random.Next(50, 250));

    public async ValueTask DisposeAsync() => await server.DisposeAsync();
}
