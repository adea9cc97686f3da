using Npgsql;

namespace ElectionJepsen.Workloads.Recipes.Postgres;

/// <summary>
/// A lock held by a PostgreSQL session: <c>pg_try_advisory_lock</c> on one key, and a fencing
/// token from a sequence taken in the same statement on each grant. The lock lasts as long as
/// the session, so renewal is the session being alive: a cheap query every TTL/3 on the
/// session that was granted, with a timeout; a failed or late one, or a session that is not
/// the granted one, loses leadership. The session asks the server to drop it after a TTL
/// without a query (<c>idle_session_timeout</c>): a leader paused past its TTL loses its lock
/// then, where without it the lock would wait for the leader to wake. Release is
/// <c>pg_advisory_unlock</c>. A connection that failed or timed out is abandoned (closed, which
/// ends its session and any lock it held) and the next campaign opens a new one.
/// </summary>
public sealed class PostgresRecipe(string connectionString, TimeSpan ttl, TimeSpan timeout) : IRecipe
{
    /// <summary>The advisory lock's key, the same for every candidate.</summary>
    public const long Key = 0x454a_4c45; // "EJLE"

    public const string Sequence = "election_fence";

    /// <summary>The database user every candidate connects as (the server trusts the hosts' subnet).</summary>
    public const string User = "postgres";

    private NpgsqlConnection? _connection;
    private int _grantedSession;

    public TimeSpan RenewInterval => ttl / 3;

    /// <summary>The connection string of a candidate's session: its name, its timeouts, and the server's idle limit of one TTL.</summary>
    public static string ConnectionString(string server, string node, TimeSpan ttl, TimeSpan timeout)
    {
        var endpoint = ServerEndpoint.Parse(server);
        return new NpgsqlConnectionStringBuilder
        {
            Host = endpoint.Host,
            Port = endpoint.Port,
            Username = User,
            Database = "postgres",
            ApplicationName = node,
            Pooling = false,
            Timeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)),
            Options = $"-c idle_session_timeout={(long)ttl.TotalMilliseconds}",
        }.ConnectionString;
    }

    public async Task<Grant?> AcquireAsync(CancellationToken cancel)
    {
        var connection = await ConnectionAsync(cancel);
        var token = await ScalarAsync<long>(connection, $"SELECT CASE WHEN pg_try_advisory_lock({Key}) THEN nextval('{Sequence}') ELSE 0 END", cancel);
        if (token <= 0) return null;
        _grantedSession = connection.ProcessID;
        return new Grant(token, ttl);
    }

    public async Task<TimeSpan?> RenewAsync(CancellationToken cancel)
    {
        if (_connection is not { } connection || _grantedSession == 0) return null;
        try
        {
            return await ScalarAsync<int>(connection, "SELECT pg_backend_pid()", cancel) == _grantedSession ? ttl : null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return null;
        }
    }

    public async Task<bool> ReleaseAsync(CancellationToken cancel)
    {
        if (_connection is not { } connection || _grantedSession == 0) return false;
        _grantedSession = 0;
        return await ScalarAsync<bool>(connection, $"SELECT pg_advisory_unlock({Key})", cancel);
    }

    public TimeSpan RetryDelay(Random random) => TimeSpan.FromMilliseconds(random.Next(50, 250));

    public ValueTask DisposeAsync()
    {
        Abandon();
        return ValueTask.CompletedTask;
    }

    /// <summary>The open session, or a new one with the fencing sequence made sure of.</summary>
    private async Task<NpgsqlConnection> ConnectionAsync(CancellationToken cancel)
    {
        if (_connection is { State: System.Data.ConnectionState.Open } open) return open;
        Abandon();
        var connection = new NpgsqlConnection(connectionString);
        _connection = connection;
        try
        {
            await Timed(connection.OpenAsync(CancellationToken.None), cancel);
            await using var create = new NpgsqlCommand($"CREATE SEQUENCE IF NOT EXISTS {Sequence}", connection);
            await Timed(create.ExecuteNonQueryAsync(CancellationToken.None), cancel);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
        {
            // Another candidate made it at the same moment. The failed statement ran outside a
            // transaction, so the session is idle again and stays ours.
        }
        catch
        {
            if (ReferenceEquals(connection, _connection)) Abandon();
            throw;
        }

        return connection;
    }

    /// <summary>One statement with the call's timeout; on any failure the session is abandoned.</summary>
    private async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancel)
    {
        try
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var result = await Timed(command.ExecuteScalarAsync(CancellationToken.None), cancel);
            return result is T value ? value : default!;
        }
        catch
        {
            if (ReferenceEquals(connection, _connection)) Abandon();
            throw;
        }
    }

    /// <summary>Waits for <paramref name="call"/> at most the call timeout; the call itself is not cancelled (a cancellation needs the server to answer), its session is abandoned instead.</summary>
    private Task<T> Timed<T>(Task<T> call, CancellationToken cancel) => call.WaitAsync(timeout, cancel);

    private Task Timed(Task call, CancellationToken cancel) => call.WaitAsync(timeout, cancel);

    /// <summary>Closes the session in the background (a call may still be waiting on it); the server ends it, and releases its lock, when the close reaches it.</summary>
    private void Abandon()
    {
        if (_connection is not { } connection) return;
        _connection = null;
        _grantedSession = 0;
        _ = Task.Run(async () =>
        {
            try
            {
                await connection.DisposeAsync();
            }
            catch (Exception)
            {
                // Broken already: nothing more to close.
            }
        });
    }
}
