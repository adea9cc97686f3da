using ElectionJepsen.Workloads.Peers;

namespace ElectionJepsen.Workloads.Recipes.Peers;

/// <summary>
/// A recipe whose election the candidates run among themselves (Raft, Bully, Ring): acquiring
/// waits until the election makes this candidate leader; the grant's Lost completes the
/// moment the election takes it away; renewing asks the election whether it still leads
/// with the same token; releasing steps down.
/// </summary>
public sealed class PeerRecipe(PeerElection election, PeerNetwork network) : IRecipe
{
    private long _token;

    public TimeSpan RenewInterval => TimeSpan.FromMilliseconds(50);

    public async Task<Grant?> AcquireAsync(CancellationToken cancel)
    {
        var (token, lost) = await election.ElectedAsync(cancel);
        _token = token;
        return new Grant(token, election.Validity, lost);
    }

    public Task<TimeSpan?> RenewAsync(CancellationToken cancel) =>
        Task.FromResult(election.Current is (true, var token) && token == _token ? election.Validity : (TimeSpan?)null);

    public Task<bool> ReleaseAsync(CancellationToken cancel)
    {
        var leading = election.Current is (true, var token) && token == _token;
        election.Resign();
        return Task.FromResult(leading);
    }

    public TimeSpan RetryDelay(Random random) => TimeSpan.Zero;

    public async ValueTask DisposeAsync()
    {
        await election.DisposeAsync();
        await network.DisposeAsync();
    }
}
