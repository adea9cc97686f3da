using StackExchange.Redis;

namespace ElectionJepsen.Workloads.Recipes.Redis;

/// <summary>
/// One redis-server, as the lock recipes use it: acquire (SET NX PX and an INCR of the
/// fencing counter, in one script), compare-and-pexpire, compare-and-delete. Every call
/// has a timeout, since a paused server hangs rather than refuses.
/// </summary>
public sealed class RedisNode : IAsyncDisposable
{
    private const string AcquireScript = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
          return redis.call('INCR', KEYS[2])
        end
        return 0
        """;

    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private static readonly RedisKey[] Keys = ["election:leader", "election:fence"];
    private readonly ConnectionMultiplexer _redis;
    private readonly TimeSpan _timeout;

    private RedisNode(ConnectionMultiplexer redis, TimeSpan timeout)
    {
        _redis = redis;
        _timeout = timeout;
    }

    public static async Task<RedisNode> ConnectAsync(string endpoint, string client, TimeSpan timeout)
    {
        var options = ConfigurationOptions.Parse(endpoint);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = (int)timeout.TotalMilliseconds;
        options.SyncTimeout = (int)timeout.TotalMilliseconds;
        options.AsyncTimeout = (int)timeout.TotalMilliseconds;
        options.ConnectRetry = 1;
        options.ClientName = client;
        return new RedisNode(await ConnectionMultiplexer.ConnectAsync(options), timeout);
    }

    /// <summary>The fencing counter's new value when the lock was taken, else 0.</summary>
    public async Task<long> AcquireAsync(string value, TimeSpan ttl, CancellationToken cancel) => (long)await Eval(AcquireScript, value, ttl, cancel);

    public async Task<bool> RenewAsync(string value, TimeSpan ttl, CancellationToken cancel) => (long)await Eval(RenewScript, value, ttl, cancel) == 1;

    public async Task<bool> ReleaseAsync(string value, CancellationToken cancel) => (long)await Eval(ReleaseScript, value, TimeSpan.Zero, cancel) == 1;

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    private async Task<RedisResult> Eval(string script, string value, TimeSpan ttl, CancellationToken cancel) =>
        await _redis.GetDatabase().ScriptEvaluateAsync(script, Keys, [value, (long)ttl.TotalMilliseconds]).WaitAsync(_timeout, cancel);
}
