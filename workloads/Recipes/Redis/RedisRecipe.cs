using StackExchange.Redis;

namespace ElectionJepsen.Workloads.Recipes.Redis;

/// <summary>
/// The single-server Redis lock: acquire with SET NX PX and an INCR of a fencing counter in
/// one Lua script (the token is the counter); renew by compare-and-pexpire every ttl/3;
/// release by compare-and-delete. Every call has a timeout (a paused server hangs).
/// </summary>
public sealed class RedisRecipe : IRecipe
{
    private const string Acquire = """
        if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
          return redis.call('INCR', KEYS[2])
        end
        return 0
        """;

    private const string Renew = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('PEXPIRE', KEYS[1], ARGV[2])
        end
        return 0
        """;

    private const string Release = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          return redis.call('DEL', KEYS[1])
        end
        return 0
        """;

    private static readonly RedisKey[] Keys = ["election:leader", "election:fence"];
    private readonly ConnectionMultiplexer _redis;
    private readonly string _node;
    private readonly TimeSpan _ttl;
    private readonly TimeSpan _timeout;
    private string _value = string.Empty;

    private RedisRecipe(ConnectionMultiplexer redis, string node, TimeSpan ttl, TimeSpan timeout)
    {
        _redis = redis;
        _node = node;
        _ttl = ttl;
        _timeout = timeout;
    }

    public TimeSpan LeaseTime => _ttl;

    public TimeSpan RenewInterval => _ttl / 3;

    public static async Task<RedisRecipe> ConnectAsync(string endpoint, string node, TimeSpan ttl, TimeSpan timeout)
    {
        var options = ConfigurationOptions.Parse(endpoint);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = (int)timeout.TotalMilliseconds;
        options.SyncTimeout = (int)timeout.TotalMilliseconds;
        options.AsyncTimeout = (int)timeout.TotalMilliseconds;
        options.ConnectRetry = 1;
        options.ClientName = node;
        var redis = await ConnectionMultiplexer.ConnectAsync(options);
        return new RedisRecipe(redis, node, ttl, timeout);
    }

    public async Task<long?> AcquireAsync(CancellationToken cancel)
    {
        _value = $"{_node}:{Guid.NewGuid():N}";
        var token = (long)await Eval(Acquire, _value, cancel);
        return token > 0 ? token : null;
    }

    public async Task<bool> RenewAsync(CancellationToken cancel) => (long)await Eval(Renew, _value, cancel) == 1;

    public async Task<bool> ReleaseAsync(CancellationToken cancel) => (long)await Eval(Release, _value, cancel) == 1;

    public TimeSpan RetryDelay(Random random) => TimeSpan.FromMilliseconds(random.Next(50, 250));

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    private async Task<RedisResult> Eval(string script, string value, CancellationToken cancel) =>
        await _redis.GetDatabase().ScriptEvaluateAsync(script, Keys, [value, (long)_ttl.TotalMilliseconds]).WaitAsync(_timeout, cancel);
}
