namespace ElectionJepsen.Workloads.Peers.Bully;

/// <summary>The Bully algorithm's timeouts.</summary>
public sealed record BullyTiming(TimeSpan Answer, TimeSpan Coordinator, TimeSpan Heartbeat, TimeSpan Failure)
{
    public static BullyTiming Default { get; } =
        new(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500));
}

/// <summary>
/// The Bully algorithm (Garcia-Molina, 1982), ids in the order the harness named the
/// candidates. A candidate that finds no coordinator sends <c>election</c> to every higher
/// id; if none answers within the answer timeout it becomes coordinator and says so to all;
/// if one answers it waits for that one's <c>coordinator</c>, and starts again if it does
/// not come. A candidate that gets <c>election</c> from a lower id answers and starts its
/// own. The coordinator repeats <c>coordinator</c> as a heartbeat; silence for the failure
/// timeout starts an election. Token = a counter each new coordinator sets to one more than
/// the largest it has heard of. Nothing here stops two sides of a partition from each
/// having a coordinator, with the same counter: that is what the harness should find.
/// </summary>
public sealed class BullyElection(PeerNetwork network, BullyTiming timing) : PeerElection(network)
{
    private const string Election = "election";
    private const string Answer = "answer";
    private const string Coordinator = "coordinator";
    private const string Behind = "behind";

    private string? _coordinator;
    private long _counter;
    private bool _electing;
    private long _electionStarted;
    private long _answered;
    private bool _gotAnswer;
    private long _heardCoordinator;
    private long _heartbeatDue;
    private long _quietUntil;

    public override TimeSpan Validity => timing.Failure;

    private int MyId => Network.Id(Self);

    /// <summary>A candidate that starts listens for a failure timeout first, so that it learns the coordinator's counter before it claims one.</summary>
    protected override void OnStart(long now) => _heardCoordinator = now;

    protected override void OnTick(long now)
    {
        if (_coordinator == Self)
        {
            if (now >= _heartbeatDue)
            {
                Network.SendToOthers(new PeerMessage(Coordinator, Self) { Term = _counter });
                _heartbeatDue = now + Ticks(timing.Heartbeat);
            }

            return;
        }

        if (now < _quietUntil) return;
        if (_electing)
        {
            if (!_gotAnswer && now - _electionStarted > Ticks(timing.Answer)) BecomeCoordinator(now);
            else if (_gotAnswer && now - _answered > Ticks(timing.Coordinator)) StartElection(now);
        }
        else if (now - _heardCoordinator > Ticks(timing.Failure))
        {
            StartElection(now);
        }
    }

    protected override void OnResign(long now)
    {
        if (_coordinator != Self) return;
        _coordinator = null;
        _heardCoordinator = now;
        _quietUntil = now + (3 * Ticks(timing.Failure));
        Lose("resigned");
    }

    protected override void OnMessage(PeerMessage m, long now)
    {
        var from = Network.Id(m.From);
        switch (m.Type)
        {
            case Election when from < MyId:
                Network.Send(m.From, new PeerMessage(Answer, Self));
                if (_coordinator == Self) Network.Send(m.From, new PeerMessage(Coordinator, Self) { Term = _counter });
                else if (!_electing && now >= _quietUntil) StartElection(now);
                break;
            case Answer when from > MyId:
                _gotAnswer = true;
                _answered = now;
                break;
            case Coordinator:
                var mine = _counter;
                _counter = Math.Max(_counter, m.Term);
                if (from < MyId)
                {
                    // A lower id claims to coordinate (two sides of a healed partition): bully it.
                    // A coordinator whose counter it has overtaken takes a new one, larger still.
                    if (_coordinator == Self && m.Term >= mine) BecomeCoordinator(now);
                    else if (_coordinator == Self) Network.Send(m.From, new PeerMessage(Coordinator, Self) { Term = _counter });
                    else if (now >= _quietUntil && !_electing) StartElection(now);
                    break;
                }

                if (_coordinator == Self) Lose($"{m.From}, a higher id, is coordinator with counter {m.Term}");
                _coordinator = m.From;
                _electing = false;
                _heardCoordinator = now;

                // A coordinator behind the counter we know of (it led one side of a partition) is told so.
                if (m.Term < _counter) Network.Send(m.From, new PeerMessage(Behind, Self) { Term = _counter });
                break;
            case Behind when _coordinator == Self && m.Term >= _counter:
                _counter = m.Term;
                BecomeCoordinator(now);
                break;
        }
    }

    private void StartElection(long now)
    {
        _electing = true;
        _gotAnswer = false;
        _electionStarted = now;
        var higher = Network.Others.Where(o => Network.Id(o) > MyId).ToList();
        if (higher.Count == 0)
        {
            BecomeCoordinator(now);
            return;
        }

        foreach (var h in higher) Network.Send(h, new PeerMessage(Election, Self));
    }

    private void BecomeCoordinator(long now)
    {
        _electing = false;
        _coordinator = Self;
        _counter++;
        _heartbeatDue = now;
        Gain(_counter);
    }
}
