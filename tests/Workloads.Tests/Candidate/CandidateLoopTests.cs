using ElectionJepsen.Workloads.Candidate;
using ElectionJepsen.Workloads.Control;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Workloads.Tests.Candidate;

/// <summary>The candidate's loop against a scripted recipe and a witness that records what reached it, in order.</summary>
public sealed class CandidateLoopTests
{
    /// <summary>
    /// A leader that loses and is granted again while a write of its older token is still on
    /// its way: the new grant is reported only once that write is answered, so the ledger never
    /// sees an act of the older token after the newer grant (what the checker calls a stale write).
    /// </summary>
    [Fact]
    public async Task A_new_grant_is_reported_only_after_the_act_of_the_older_token_in_flight()
    {
        var recipe = new RegrantingRecipe();
        var witness = new GatedWitness();
        var options = new CandidateOptions("c1", "raft", "unused", [], TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1), TimeSpan.FromSeconds(2));
        var loop = new CandidateLoop(recipe, witness, new Belief(), options);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var running = loop.RunAsync(stop.Token);

        await witness.FirstWriteHeld.Task.WaitAsync(stop.Token);
        recipe.Lose("a newer term began");
        await recipe.SecondGrantGiven.Task.WaitAsync(stop.Token);
        await Task.Delay(300, stop.Token);
        var reportedWhileHeld = witness.Seen.Contains("ok 2");
        witness.ReleaseFirstWrite();
        while (!witness.Seen.Contains("ok 2")) await Task.Delay(10, stop.Token);
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(reportedWhileHeld, string.Join(", ", witness.Seen));
        var seen = witness.Seen.ToList();
        Assert.True(seen.IndexOf("write 1 answered") < seen.IndexOf("ok 2"), string.Join(", ", seen));
        Assert.DoesNotContain(seen.SkipWhile(s => s != "ok 2"), s => s == "write 1 sent");
    }

    /// <summary>Grants token 1 (until told it is lost), then token 2.</summary>
    private sealed class RegrantingRecipe : IRecipe
    {
        private readonly TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _grants;

        public TaskCompletionSource SecondGrantGiven { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TimeSpan RenewInterval => TimeSpan.FromHours(1);

        public void Lose(string why) => _lost.TrySetResult(why);

        public Task<Grant?> AcquireAsync(CancellationToken cancel)
        {
            var n = Interlocked.Increment(ref _grants);
            if (n == 2) SecondGrantGiven.TrySetResult();
            return Task.FromResult<Grant?>(n switch
            {
                1 => new Grant(1, TimeSpan.FromHours(1), _lost.Task),
                2 => new Grant(2, TimeSpan.FromHours(1)),
                _ => null,
            });
        }

        public Task<TimeSpan?> RenewAsync(CancellationToken cancel) => Task.FromResult<TimeSpan?>(TimeSpan.FromHours(1));

        public Task<bool> ReleaseAsync(CancellationToken cancel) => Task.FromResult(true);

        public TimeSpan RetryDelay(Random random) => TimeSpan.FromMilliseconds(10);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>Records what reached it; holds the first write of token 1 until released.</summary>
    private sealed class GatedWitness : IWitness
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _seen = new();
        private long _ids;
        private int _held;

        public IReadOnlyCollection<string> Seen => _seen;

        public TaskCompletionSource FirstWriteHeld { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationToken Closed => CancellationToken.None;

        public void ReleaseFirstWrite() => _release.TrySetResult();

        public Task<long> AnnounceAsync(string f, long? token, CancellationToken cancel) => Task.FromResult(Interlocked.Increment(ref _ids));

        public Task ReportAsync(long id, string f, string outcome, long? token = null, string? error = null, CancellationToken cancel = default)
        {
            if (f == ControlFunctions.Acquire) _seen.Enqueue($"{outcome} {token}");
            return Task.CompletedTask;
        }

        public async Task<string?> WriteAsync(long token, long seq, CancellationToken cancel)
        {
            _seen.Enqueue($"write {token} sent");
            if (token == 1 && Interlocked.Exchange(ref _held, 1) == 0)
            {
                FirstWriteHeld.TrySetResult();
                await _release.Task.WaitAsync(cancel);
            }

            _seen.Enqueue($"write {token} answered");
            return null;
        }

        public Task<string?> JobAsync(long slot, long token, CancellationToken cancel) => Task.FromResult<string?>(null);

        public Task EventAsync(string text, CancellationToken cancel = default) => Task.CompletedTask;
    }
}
