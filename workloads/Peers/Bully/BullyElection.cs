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
public sealed class BullyElection(PeerNetwork network, BullyTiming timing) : CoordinatorElection(network, timing.Heartbeat, timing.Failure)
{
    private const string Election = "election";
    private const string Answer = "answer";
    private const string CoordinatorMessage = "coordinator";
    private const string Behind = "behind";

    private long _counter;
    private bool _electing;
    private long _electionStarted;
    private long _answered;
    private bool _gotAnswer;

    protected override void OnTick(long now)
    {
        if (Beat(CoordinatorMessage, now) || now < QuietUntil) return;
        if (_electing)
        {
            if (!_gotAnswer && now - _electionStarted > Ticks(timing.Answer)) BecomeCoordinator(now);
            else if (_gotAnswer && now - _answered > Ticks(timing.Coordinator)) StartElection(now);
        }
        else if (CoordinatorSilent(now))
        {
            StartElection(now);
        }
    }

    protected override void OnMessage(PeerMessage m, long now)
    {
        var from = Network.Id(m.From);
        switch (m.Type)
        {
            case Election when from < MyId:
                Network.Send(m.From, new PeerMessage(Answer, Self));
                if (Coordinating) Network.Send(m.From, new PeerMessage(CoordinatorMessage, Self) { Term = _counter });
                else if (!_electing && now >= QuietUntil) StartElection(now);
                break;
            case Answer when from > MyId:
                _gotAnswer = true;
                _answered = now;
                break;
            case CoordinatorMessage:
                var mine = _counter;
                _counter = Math.Max(_counter, m.Term);
                if (from < MyId)
                {
                    // A lower id claims to coordinate (two sides of a healed partition): bully it.
                    // A coordinator whose counter it has overtaken takes a new one, larger still.
                    if (Coordinating && m.Term >= mine) BecomeCoordinator(now);
                    else if (Coordinating) Network.Send(m.From, new PeerMessage(CoordinatorMessage, Self) { Term = _counter });
                    else if (now >= QuietUntil && !_electing) StartElection(now);
                    break;
                }

                if (Coordinating) Lose($"{m.From}, a higher id, is coordinator with counter {m.Term}");
                Coordinator = m.From;
                _electing = false;
                HeardCoordinator = now;

                // A coordinator behind the counter we know of (it led one side of a partition) is told so.
                if (m.Term < _counter) Network.Send(m.From, new PeerMessage(Behind, Self) { Term = _counter });
                break;
            case Behind when Coordinating && m.Term >= _counter:
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
        _counter++;
        Coordinate(_counter, now);
    }
}
