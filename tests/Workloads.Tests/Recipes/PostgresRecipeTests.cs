using ElectionJepsen.Workloads.Recipes.Postgres;
using Npgsql;

namespace ElectionJepsen.Workloads.Tests.Recipes;

public sealed class PostgresRecipeTests
{
    [Fact]
    public void A_candidates_session_asks_to_be_dropped_after_a_ttl_of_silence_and_names_the_candidate()
    {
        var s = new NpgsqlConnectionStringBuilder(PostgresRecipe.ConnectionString("10.77.0.11:5432", "c3", TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(400)));

        Assert.Equal(("10.77.0.11", 5432, "postgres", "postgres", "c3"), (s.Host, s.Port, s.Username, s.Database, s.ApplicationName));
        Assert.Equal("-c idle_session_timeout=2000", s.Options);
        Assert.False(s.Pooling);
        Assert.Equal(1, s.Timeout);
    }

    [Fact]
    public void A_server_named_by_its_host_name_is_connected_to_by_that_name()
    {
        var s = new NpgsqlConnectionStringBuilder(PostgresRecipe.ConnectionString("postgres:5432", "c1", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)));

        Assert.Equal(("postgres", 5432), (s.Host, s.Port));
    }

    [Fact]
    public async Task Without_a_granted_session_there_is_nothing_to_renew_or_release()
    {
        await using var recipe = new PostgresRecipe(PostgresRecipe.ConnectionString("127.0.0.1:1", "c1", TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(400)), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(400));

        Assert.Null(await recipe.RenewAsync(CancellationToken.None));
        Assert.False(await recipe.ReleaseAsync(CancellationToken.None));
        Assert.Equal(TimeSpan.FromSeconds(2) / 3, recipe.RenewInterval);
        await Assert.ThrowsAnyAsync<Exception>(() => recipe.AcquireAsync(CancellationToken.None));
    }
}
