using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.Harness.Run;

/// <summary>
/// The protected resource, served by the harness so that its order of acceptance is known
/// exactly. With fencing on it refuses a token lower than the highest it has accepted
/// (<see cref="LeaseFunctions.StaleToken"/>); with fencing off it accepts everything. A
/// write or job without a token (a candidate whose library gives none) cannot be fenced: it
/// is accepted, and leaves the highest token as it was.
/// </summary>
public sealed class Ledger(bool fencing)
{
    private readonly Lock _lock = new();
    private long _highest;

    public long Accepted { get; private set; }

    public long Refused { get; private set; }

    /// <summary>Decides on a write or a job with this token: null when accepted, else the refusal.</summary>
    public string? Offer(long? token)
    {
        lock (_lock)
        {
            if (fencing && token < _highest)
            {
                Refused++;
                return LeaseFunctions.StaleToken;
            }

            if (token is { } k) _highest = Math.Max(_highest, k);
            Accepted++;
            return null;
        }
    }
}
