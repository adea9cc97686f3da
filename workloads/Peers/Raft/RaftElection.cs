namespace ElectionJepsen.Workloads.Peers.Raft;

/// <summary>Raft's election timing: a randomized election timeout and the leader's heartbeat.</summary>
public sealed record RaftTiming(TimeSpan ElectionMin, TimeSpan ElectionMax, TimeSpan Heartbeat)
{
    public static RaftTiming Default { get; } = new(TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(30));

    /// <summary>
    /// How long the leader trusts its last majority of heartbeat replies: less than the
    /// shortest election timeout by a margin for its own timer's lateness, so that it has
    /// stepped down before any of those voters may vote for someone else.
    /// </summary>
    public TimeSpan Lease => ElectionMin - TimeSpan.FromMilliseconds(30);
}

/// <summary>
/// Leader election as Raft does it, without the log: terms; a randomized election timeout;
/// one vote per term, persisted to this candidate's own disk before it answers; a majority
/// of all candidates to win; heartbeats from the leader. The leader steps down when it sees
/// a higher term, or when it has not heard from a majority within its lease (shorter than
/// the shortest election timeout). A candidate that heard from a leader, or voted, within the
/// shortest election timeout ignores vote requests (the thesis's guard against disruptive
/// servers), which is what makes the leader's lease sound. Token = the term.
/// </summary>
public sealed class RaftElection(PeerNetwork network, RaftState state, RaftTiming timing) : PeerElection(network)
{
    private const string VoteRequest = "vote-request";
    private const string Vote = "vote";
    private const string Heartbeat = "heartbeat";
    private const string HeartbeatReply = "heartbeat-reply";

    private readonly Random _random = new();
    private readonly Dictionary<string, long> _replied = [];
    private readonly HashSet<string> _votes = [];
    private readonly long[] _sortBuffer = new long[network.Peers.Count + 1];
    private Role _role = Role.Follower;
    private long _electionDue;
    private long _heartbeatDue;
    private long _heardLeader = long.MinValue / 2;
    private long _campaignStarted;
    private long _standAsideUntil;

    private enum Role
    {
        Follower,
        Candidate,
        Leader,
    }

    public override TimeSpan Validity => timing.Lease;

    protected override void OnStart(long now) => ResetElectionTimer(now);

    protected override void OnTick(long now)
    {
        if (_role == Role.Leader)
        {
            var since = now - MajorityReplied(now);
            if (since > Ticks(timing.Lease))
            {
                StepDown($"no word from a majority for {Milliseconds(since):0} ms", now);
                return;
            }

            if (now >= _heartbeatDue)
            {
                Network.SendToOthers(new PeerMessage(Heartbeat, Self) { Term = state.Term, Sent = now });
                _heartbeatDue = now + Ticks(timing.Heartbeat);
            }
        }
        else if (now >= _electionDue && now >= _standAsideUntil)
        {
            Campaign(now);
        }
    }

    protected override void OnResign(long now)
    {
        if (_role != Role.Leader) return;
        StepDown("resigned", now);

        // Stand aside for a few election timeouts so that another candidate takes over.
        _standAsideUntil = now + (3 * Ticks(timing.ElectionMax));
    }

    protected override void OnMessage(PeerMessage m, long now)
    {
        // A vote request from a candidate while a leader is known to be alive is ignored
        // outright, higher term and all: it would only depose a working leader.
        if (m.Type == VoteRequest && LeaderAlive(now)) return;

        if (m.Term > state.Term)
        {
            var wasLeader = _role == Role.Leader;
            state.Save(m.Term, null);
            _role = Role.Follower;
            if (wasLeader) StepDown($"{m.From} is at term {m.Term}", now);
        }

        switch (m.Type)
        {
            case VoteRequest:
                var granted = m.Term == state.Term && (state.VotedFor is null || state.VotedFor == m.From);
                if (granted)
                {
                    if (state.VotedFor is null) state.Save(state.Term, m.From);
                    ResetElectionTimer(now);

                    // A vote counts as word from a leader-to-be: no other vote for an election
                    // timeout, which is what lets the winner's lease run from its campaign's start.
                    _heardLeader = now;
                }

                Network.Send(m.From, new PeerMessage(Vote, Self) { Term = state.Term, Granted = granted });
                break;
            case Vote:
                if (_role != Role.Candidate || m.Term != state.Term || !m.Granted) break;
                _votes.Add(m.From);
                if (_votes.Count >= Network.Majority) BecomeLeader(now);
                break;
            case Heartbeat:
                if (m.Term == state.Term)
                {
                    _role = Role.Follower;
                    _heardLeader = now;
                    ResetElectionTimer(now);
                }

                Network.Send(m.From, new PeerMessage(HeartbeatReply, Self) { Term = state.Term, Sent = m.Sent });
                break;
            case HeartbeatReply:
                if (_role == Role.Leader && m.Term == state.Term && (!_replied.TryGetValue(m.From, out var last) || m.Sent > last)) _replied[m.From] = m.Sent;
                break;
        }
    }

    private void Campaign(long now)
    {
        state.Save(state.Term + 1, Self);
        _role = Role.Candidate;
        _votes.Clear();
        _votes.Add(Self);
        _campaignStarted = now;
        ResetElectionTimer(now);
        if (_votes.Count >= Network.Majority)
        {
            BecomeLeader(now);
            return;
        }

        Network.SendToOthers(new PeerMessage(VoteRequest, Self) { Term = state.Term });
    }

    private void BecomeLeader(long now)
    {
        _role = Role.Leader;
        _replied.Clear();

        // Each voter answered a request sent when the campaign started: none of them will vote
        // again within an election timeout of receiving it, so the lease runs from then.
        foreach (var voter in _votes) _replied[voter] = _campaignStarted;
        _heartbeatDue = now;
        Gain(state.Term);
    }

    private void StepDown(string why, long now)
    {
        _role = Role.Follower;
        ResetElectionTimer(now);
        Lose($"stepped down from term {state.Term}: {why}");
    }

    /// <summary>The send time of the latest heartbeat a majority (this candidate included) has answered; every tick while leading, so without allocating.</summary>
    private long MajorityReplied(long now)
    {
        var times = _sortBuffer;
        var n = 0;
        times[n++] = now;
        foreach (var (peer, sent) in _replied)
        {
            if (peer != Self) times[n++] = sent;
        }

        if (n < Network.Majority) return long.MinValue / 2;
        Array.Sort(times, 0, n);
        return times[n - Network.Majority];
    }

    private bool LeaderAlive(long now) =>
        _role == Role.Leader ? now - MajorityReplied(now) <= Ticks(timing.Lease) : now - _heardLeader < Ticks(timing.ElectionMin);

    private void ResetElectionTimer(long now)
    {
        var span = timing.ElectionMin + ((timing.ElectionMax - timing.ElectionMin) * _random.NextDouble());
        _electionDue = now + Ticks(span);
    }

    private static double Milliseconds(long ticks) => ticks * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
}
