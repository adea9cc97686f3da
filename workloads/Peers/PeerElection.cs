using System.Diagnostics;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Workloads.Peers;

/// <summary>
/// The frame of an election run by the candidates among themselves: one loop that handles
/// every message and every timer in turn (so the algorithm's state needs no lock), and what
/// it tells the outside about this candidate's leadership.
/// </summary>
public abstract class PeerElection(PeerNetwork network) : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);
    private readonly CancellationTokenSource _stop = new();
    private readonly LeadershipSignal _signal = new();
    private Task _loop = Task.CompletedTask;
    private volatile bool _resign;

    protected PeerNetwork Network { get; } = network;

    protected string Self => Network.Self;

    /// <summary>Monotonic now, in Stopwatch ticks.</summary>
    protected static long Now => Stopwatch.GetTimestamp();

    protected static long Ticks(TimeSpan t) => (long)(t.TotalSeconds * Stopwatch.Frequency);

    /// <summary>This candidate leads now, and with which token.</summary>
    public (bool Leading, long Token) Current => _signal.Current;

    /// <summary>How long a grant may be trusted from the moment it is given, for the candidate's local deadline.</summary>
    public abstract TimeSpan Validity { get; }

    public void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    /// <summary>Waits until this candidate leads: its token, and a task that completes, with why, when that leadership ends.</summary>
    public Task<(long Token, Task<string> Lost)> ElectedAsync(CancellationToken cancel) => _signal.ElectedAsync(cancel);

    /// <summary>Asks the loop to give leadership up.</summary>
    public void Resign() => _resign = true;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Called once when the loop starts.</summary>
    protected abstract void OnStart(long now);

    protected abstract void OnMessage(PeerMessage message, long now);

    /// <summary>Called at least every few milliseconds: the timers.</summary>
    protected abstract void OnTick(long now);

    /// <summary>Gives leadership up when asked to; true when it led.</summary>
    protected abstract void OnResign(long now);

    protected void Gain(long token) => _signal.Gain(token);

    protected void Lose(string why) => _signal.Lose(why);

    private async Task LoopAsync(CancellationToken stop)
    {
        OnStart(Now);
        while (!stop.IsCancellationRequested)
        {
            if (_resign)
            {
                _resign = false;
                OnResign(Now);
            }

            OnTick(Now);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop);
            wait.CancelAfter(Tick);
            try
            {
                var message = await Network.Inbox.ReadAsync(wait.Token);
                OnMessage(message, Now);
                while (Network.Inbox.TryRead(out var more)) OnMessage(more, Now);
            }
            catch (OperationCanceledException) when (!stop.IsCancellationRequested)
            {
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
                return;
            }
        }
    }
}
