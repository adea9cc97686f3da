namespace ElectionJepsen.Workloads.Peers.Ring;

/// <summary>The ring election's timeouts.</summary>
public sealed record RingTiming(TimeSpan Ack, TimeSpan Heartbeat, TimeSpan Failure, TimeSpan Round)
{
    public static RingTiming Default { get; } =
        new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(1500));
}

/// <summary>
/// Ring election (Chang and Roberts, 1979): the candidates in a logical ring by id, each
/// passing messages to its successor. A candidate that misses the coordinator starts a round:
/// it sends <c>election</c> with its own id; each candidate forwards the larger of the id it
/// got and its own (a candidate already in the round drops smaller ones); the candidate that
/// gets its own id back has the highest id on the ring, is coordinator, and sends
/// <c>coordinator</c> round the ring. Every hop is acknowledged: a successor that does not
/// acknowledge within the timeout is skipped for the next one. The coordinator sends a
/// heartbeat to every candidate. Token = the round of the election that made it
/// coordinator. A partition splits the ring into rings that each elect their own.
/// </summary>
public sealed class RingElection(PeerNetwork network, RingTiming timing) : CoordinatorElection(network, timing.Heartbeat, timing.Failure)
{
    private const string Election = "election";
    private const string CoordinatorMessage = "coordinator";
    private const string Alive = "alive";
    private const string Ack = "ack";
    private const string Behind = "behind";

    private readonly Dictionary<string, long> _skipUntil = [];
    private (PeerMessage Message, string To, long Sent)? _unacked;
    private readonly Queue<PeerMessage> _outbox = new();
    private long _round;
    private long _decided;
    private long _participating = long.MinValue / 2;
    private long _participatingRound;
    private long _seq;

    protected override void OnTick(long now)
    {
        if (_unacked is { } u && now - u.Sent > Ticks(timing.Ack))
        {
            // The successor did not acknowledge: skip it for a while, and give the message to the next.
            _skipUntil[u.To] = now + Ticks(timing.Failure * 2);
            _unacked = null;
            Pass(u.Message, now);
        }

        if (_unacked is null && _outbox.TryDequeue(out var next)) Pass(next, now);

        if (Beat(Alive, now)) return;

        var inRound = now - _participating < Ticks(timing.Round);
        if (now >= QuietUntil && !inRound && CoordinatorSilent(now)) StartRound(now);
    }

    protected override void OnMessage(PeerMessage m, long now)
    {
        if (m.Type == Ack)
        {
            if (_unacked is { } u && u.To == m.From && u.Message.Sent == m.Sent) _unacked = null;
            return;
        }

        if (m.Type is Election or CoordinatorMessage) Network.Send(m.From, new PeerMessage(Ack, Self) { Sent = m.Sent });
        _round = Math.Max(_round, m.Term);
        var candidate = m.Candidate is { } c ? Network.Id(c) : 0;
        switch (m.Type)
        {
            case Election when m.Term < _round || m.Term <= _decided:
                // A round already overtaken by a later one, or already decided (a message that
                // waited in a paused candidate's socket): drop it, or it would elect again with
                // a round's token someone already holds.
                break;
            case Election when candidate > MyId:
                Participate(m.Term, now);
                Send(m with { From = Self }, now);
                break;
            case Election when candidate < MyId:
                // Not yet in this round: put our larger id in; already in it: drop the smaller.
                if (!Participating(m.Term, now))
                {
                    Participate(m.Term, now);
                    Send(m with { From = Self, Candidate = Self }, now);
                }

                break;
            case Election when !Participating(m.Term, now):
                // Our own id back from a round we are no longer in (it waited in our socket
                // while we were paused, and others have moved on): drop it.
                break;
            case Election:
                // Our own id came back round: no higher id is on the ring.
                _participating = long.MinValue / 2;
                _decided = Math.Max(_decided, m.Term);
                Coordinate(m.Term, now);
                Send(new PeerMessage(CoordinatorMessage, Self) { Term = m.Term, Candidate = Self }, now);
                break;
            case CoordinatorMessage when m.Candidate == Self || m.Term < _decided:
                break;
            case CoordinatorMessage:
                Follow(m.Candidate!, m.Term, now);
                Send(m with { From = Self }, now);
                break;
            case Alive when m.Term < _decided:
                // A coordinator of a round before the one we know decided (it led one side of a
                // partition, or slept through the election): not followed, and told so.
                Network.Send(m.From, new PeerMessage(Behind, Self) { Term = _decided });
                break;
            case Alive when Coordinating && m.Term == Current.Token && Network.Id(m.From) < MyId:
                // Two coordinators of one round (two sides of a healed partition), the other lower:
                // it follows us when it hears us.
                break;
            case Alive when Coordinating:
                // A coordinator of a later round, or a higher one of ours: follow it, and go round
                // again if we outrank it, so that the highest id coordinates in a later round.
                Follow(m.From, m.Term, now);
                if (Network.Id(m.From) < MyId && !Participating(_round, now)) StartRound(now);
                break;
            case Alive:
                Follow(m.From, m.Term, now);
                break;
            case Behind when Coordinating && m.Term > Current.Token:
                // We coordinate a round that others know to be over: stand down at once, then
                // go round again (winning it, if ours is the highest id, with a later token).
                Coordinator = null;
                HeardCoordinator = now;
                Lose($"{m.From} knows of round {m.Term}, past ours ({Current.Token})");
                if (!Participating(_round, now)) StartRound(now);
                break;
        }
    }

    private bool Participating(long round, long now) => _participatingRound == round && now - _participating < Ticks(timing.Round);

    private void Participate(long round, long now) => (_participatingRound, _participating) = (round, now);

    private void Follow(string coordinator, long round, long now)
    {
        if (Coordinating && coordinator != Self) Lose($"{coordinator} is coordinator (round {round})");
        _decided = Math.Max(_decided, round);
        Coordinator = coordinator;
        _participating = long.MinValue / 2;
        HeardCoordinator = now;
    }

    private void StartRound(long now)
    {
        _round++;
        Participate(_round, now);
        Send(new PeerMessage(Election, Self) { Term = _round, Candidate = Self }, now);
    }

    /// <summary>Queues a message for the successor; one travels at a time, each until acknowledged or skipped.</summary>
    private void Send(PeerMessage message, long now)
    {
        if (_unacked is null) Pass(message, now);
        else _outbox.Enqueue(message);
    }

    private void Pass(PeerMessage message, long now)
    {
        var successor = Successor(now);
        if (successor is null)
        {
            // Alone on the ring: our own message comes straight back.
            if (message.Type == Election) OnMessage(message with { From = Self, Candidate = Self }, now);
            return;
        }

        var sent = message with { Sent = ++_seq };
        _unacked = (sent, successor, now);
        Network.Send(successor, sent);
    }

    /// <summary>The next candidate after this one, round the ring, that is not being skipped.</summary>
    private string? Successor(long now)
    {
        var ring = Network.Peers;
        var me = MyId - 1;
        for (var step = 1; step < ring.Count; step++)
        {
            var next = ring[(me + step) % ring.Count].Name;
            if (!_skipUntil.TryGetValue(next, out var until) || now >= until) return next;
        }

        return null;
    }
}
