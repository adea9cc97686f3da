namespace ElectionJepsen.Workloads.Peers;

/// <summary>
/// What the coordinator-based elections (Bully, Ring) share: who coordinates, when it was
/// last heard, the coordinator's heartbeat to every other candidate, a first failure
/// timeout of listening before a fresh candidate starts an election (so that it learns the
/// current counter first), and resigning by standing aside for a few failure timeouts.
/// </summary>
public abstract class CoordinatorElection(PeerNetwork network, TimeSpan heartbeat, TimeSpan failure) : PeerElection(network)
{
    private long _heartbeatDue;

    /// <summary>Who coordinates, as far as this candidate knows.</summary>
    protected string? Coordinator { get; set; }

    protected bool Coordinating => Coordinator == Self;

    /// <summary>When the coordinator was last heard from (monotonic ticks).</summary>
    protected long HeardCoordinator { get; set; }

    /// <summary>Until then this candidate starts no election (it resigned, or it has just started).</summary>
    protected long QuietUntil { get; private set; }

    /// <summary>Whether the coordinator has been silent for the failure timeout.</summary>
    protected bool CoordinatorSilent(long now) => now - HeardCoordinator > Ticks(failure);

    public override TimeSpan Validity => failure;

    protected int MyId => Network.Id(Self);

    protected override void OnStart(long now) => HeardCoordinator = now;

    protected override void OnResign(long now)
    {
        if (!Coordinating) return;
        Coordinator = null;
        HeardCoordinator = now;
        QuietUntil = now + (3 * Ticks(failure));
        Lose("resigned");
    }

    /// <summary>Takes over as coordinator with <paramref name="token"/>, heartbeats due at once.</summary>
    protected void Coordinate(long token, long now)
    {
        Coordinator = Self;
        _heartbeatDue = now;
        Gain(token);
    }

    /// <summary>While coordinating, sends a heartbeat of <paramref name="type"/> carrying the coordinator's token to every other candidate when due; true while coordinating.</summary>
    protected bool Beat(string type, long now)
    {
        if (!Coordinating) return false;
        if (now >= _heartbeatDue)
        {
            Network.SendToOthers(new PeerMessage(type, Self) { Term = Current.Token });
            _heartbeatDue = now + Ticks(heartbeat);
        }

        return true;
    }
}
