using ElectionJepsen.Workloads.Control;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Workloads.Candidate;

/// <summary>
/// A candidate's life: campaign (announced, then attempted, then reported), renew while
/// leading, lose leadership when a renewal is refused or the local deadline passes; while it
/// believes it leads, write to the ledger and run the job slots that fall due; on stop,
/// resign if it leads. An act reads the belief and is sent as one step, and a new grant is
/// taken on and reported as one: so no act with the token before it can reach the ledger
/// after its own newer grant was reported (an act of its older term, still in flight).
/// </summary>
public sealed partial class CandidateLoop(IRecipe recipe, IWitness witness, Belief belief, CandidateOptions options)
{
    private readonly Random _random = new();
    private readonly SemaphoreSlim _acting = new(1, 1);
    private Task<string>? _lost;

    public async Task RunAsync(CancellationToken stop)
    {
        var loops = new[] { CampaignAsync(stop), WriteAsync(stop), JobsAsync(stop) };
        await Task.WhenAll(loops.Select(Quietly));
        await ResignAsync();
    }

    private async Task CampaignAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (!belief.Current.Leader) await TryAcquireAsync(stop);
            else await KeepAsync(stop);
        }
    }

    private async Task TryAcquireAsync(CancellationToken stop)
    {
        var id = await witness.AnnounceAsync(ControlFunctions.Acquire, null, stop);
        var asked = DateTime.UtcNow;
        Grant? grant;
        try
        {
            grant = await recipe.AcquireAsync(stop);
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            await witness.ReportAsync(id, ControlFunctions.Acquire, Outcomes.Info, error: Describe(e), cancel: CancellationToken.None);
            await Task.Delay(recipe.RetryDelay(_random), stop);
            return;
        }
        catch (OperationCanceledException)
        {
            await witness.ReportAsync(id, ControlFunctions.Acquire, Outcomes.Info, error: "stopped while campaigning", cancel: CancellationToken.None);
            throw;
        }

        if (grant is { Token: var k } g)
        {
            _lost = g.Lost;
            await _acting.WaitAsync(stop);
            try
            {
                belief.Lead(k, asked + g.Validity - options.Margin);
                await witness.ReportAsync(id, ControlFunctions.Acquire, Outcomes.Ok, k, cancel: stop);
            }
            finally
            {
                _acting.Release();
            }

            await witness.EventAsync($"became leader with token {k}", stop);
            return;
        }

        await witness.ReportAsync(id, ControlFunctions.Acquire, Outcomes.Fail, error: "held", cancel: stop);
        await Task.Delay(recipe.RetryDelay(_random), stop);
    }

    private async Task KeepAsync(CancellationToken stop)
    {
        var wait = Task.Delay(recipe.RenewInterval, stop);
        if (_lost is { } lost && await Task.WhenAny(wait, lost) == lost)
        {
            await LoseAsync(await lost, stop);
            return;
        }

        await wait;
        var asked = DateTime.UtcNow;
        try
        {
            if (await recipe.RenewAsync(stop) is { } validity)
            {
                belief.Extend(asked + validity - options.Margin);
                return;
            }

            await LoseAsync("a renewal was refused: the lease is no longer ours", stop);
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            if (DateTime.UtcNow > belief.Deadline) await LoseAsync($"the local deadline passed without a renewal ({Describe(e)})", stop);
        }
    }

    private async Task LoseAsync(string why, CancellationToken stop)
    {
        var (_, token) = belief.Current;
        if (belief.Lose()) await witness.EventAsync($"lost leadership {token}: {why}", stop);
    }

    private async Task WriteAsync(CancellationToken stop)
    {
        long seq = 0;
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(options.WriteInterval, stop);
            var (refused, token) = await ActAsync(t => witness.WriteAsync(t, seq + 1, stop), stop);
            if (token is null) continue;
            seq++;
            if (refused is not null) await witness.EventAsync($"write {seq} with token {token} refused: {refused}", stop);
        }
    }

    /// <summary>A slot falls due when the wall clock crosses into it; the leader at that moment runs it.</summary>
    private async Task JobsAsync(CancellationToken stop)
    {
        var interval = (long)options.JobInterval.TotalMilliseconds;
        var last = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / interval;
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(50, interval)), stop);
            var slot = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / interval;
            if (slot == last) continue;
            last = slot;
            var (refused, token) = await ActAsync(t => witness.JobAsync(slot, t, stop), stop);
            if (refused is not null) await witness.EventAsync($"job slot {slot} with token {token} refused: {refused}", stop);
        }
    }

    /// <summary>
    /// One act, if it believes it leads: the belief read and the act sent as one step, never
    /// between a new grant's taking and its report. The ledger's refusal (or null), and the
    /// token it acted with (null when it did not lead).
    /// </summary>
    private async Task<(string? Refused, long? Token)> ActAsync(Func<long, Task<string?>> act, CancellationToken stop)
    {
        await _acting.WaitAsync(stop);
        try
        {
            var (leader, token) = belief.Current;
            return leader ? (await act(token), token) : (null, null);
        }
        finally
        {
            _acting.Release();
        }
    }

    private async Task ResignAsync()
    {
        var (leader, token) = belief.Current;
        if (!leader || witness.Closed.IsCancellationRequested) return;
        using var limit = new CancellationTokenSource(options.CallTimeout * 2);
        try
        {
            var id = await witness.AnnounceAsync(ControlFunctions.Release, token, limit.Token);
            belief.Lose();
            try
            {
                var released = await recipe.ReleaseAsync(limit.Token);
                await witness.ReportAsync(id, ControlFunctions.Release, Outcomes.Ok, token, released ? null : "no longer ours", limit.Token);
            }
            catch (Exception e)
            {
                await witness.ReportAsync(id, ControlFunctions.Release, Outcomes.Info, token, Describe(e), CancellationToken.None);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The harness is gone or did not answer: nothing to record.
        }
    }

    private static async Task Quietly(Task loop)
    {
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Describe(Exception e) => e is TimeoutException ? "timeout" : $"{e.GetType().Name}: {e.Message}";
}
