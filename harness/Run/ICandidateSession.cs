namespace ElectionJepsen.Harness.Run;

/// <summary>One candidate as the run's claim loop and live view see it, whichever way the harness talks to it.</summary>
public interface ICandidateSession
{
    string Node { get; }

    /// <summary>What the candidate last said about leading.</summary>
    LastAnswer LastAnswer { get; }

    /// <summary>Asks whether it leads, as one claim operation of the history (or not at all when it cannot be asked now).</summary>
    Task ClaimAsync(TimeSpan timeout, CancellationToken cancel);
}
