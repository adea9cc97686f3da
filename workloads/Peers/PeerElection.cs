using System.Diagnostics;

namespace ElectionJepsen.Workloads.Peers;

/// <summary>
/// The frame of an election run by the candidates among themselves: one loop that handles
/// every message and every timer in turn (so the algorithm's state needs no lock), and what
/// it tells the outside about this candidate's leadership.
/// </summary>
public abstract class PeerElection(PeerNetwork network) : IAsyncDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource<(long Token, Task<string> Lost)> _elected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _loop = Task.CompletedTask;
    private volatile bool _resign;
    private bool _leading;
    private long _token;

    protected PeerNetwork Network { get; } = network;

    protected string Self => Network.Self;

    /// <summary>Monotonic now, in Stopwatch ticks.</summary>
    protected static long Now => Stopwatch.GetTimestamp();

    protected static long Ticks(TimeSpan t) => (long)(t.TotalSeconds * Stopwatch.Frequency);

    /// <summary>This candidate leads now, and with which token.</summary>
    public (bool Leading, long Token) Current
    {
        get
        {
            lock (_lock) return (_leading, _token);
        }
    }

    /// <summary>How long a grant may be trusted from the moment it is given, for the candidate's local deadline.</summary>
    public abstract TimeSpan Validity { get; }

    public void Start() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    /// <summary>Waits until this candidate leads: its token, and a task that completes, with why, when that leadership ends.</summary>
    public Task<(long Token, Task<string> Lost)> ElectedAsync(CancellationToken cancel)
    {
        lock (_lock) return _elected.Task.WaitAsync(cancel);
    }

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

    protected void Gain(long token)
    {
        lock (_lock)
        {
            if (_leading && _token == token) return;
            if (_leading) LoseLocked($"re-elected with token {token}");
            (_leading, _token) = (true, token);
            _elected.TrySetResult((token, _lost.Task));
        }
    }

    protected void Lose(string why)
    {
        lock (_lock) LoseLocked(why);
    }

    private void LoseLocked(string why)
    {
        if (!_leading) return;
        _leading = false;
        _lost.TrySetResult(why);
        _lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _elected = new TaskCompletionSource<(long, Task<string>)>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

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
