namespace ElectionJepsen.Workloads.Candidate;

/// <summary>
/// What the harness is to a candidate: the one that records its campaigns and resignations
/// (announced, then reported), decides its writes and jobs at the ledger, and hears its
/// events. The control socket is one (<see cref="Control.HarnessClient"/>); the contract of
/// docs/candidate.md, over HTTP or on standard output, is the other
/// (<see cref="Contract.ContractWitness"/>). Claims are not asked through it: each answers
/// them from the candidate's <see cref="Belief"/> in its own way.
/// </summary>
public interface IWitness
{
    /// <summary>Raised when the witness went away (the harness closed the control socket); a contract's witness never does.</summary>
    CancellationToken Closed { get; }

    /// <summary>Announces a campaign or resignation (<see cref="Control.ControlFunctions"/>) and waits until it is on record; its id, for the report.</summary>
    Task<long> AnnounceAsync(string f, long? token, CancellationToken cancel);

    /// <summary>How the announced campaign or resignation <paramref name="id"/> ended (<see cref="Control.Outcomes"/>).</summary>
    Task ReportAsync(long id, string f, string outcome, long? token = null, string? error = null, CancellationToken cancel = default);

    /// <summary>Writes {token, seq} to the ledger: null when it was accepted, else why it was not.</summary>
    Task<string?> WriteAsync(long token, long seq, CancellationToken cancel);

    /// <summary>Runs job slot <paramref name="slot"/> with the token: null when the ledger accepted it, else why it did not.</summary>
    Task<string?> JobAsync(long slot, long token, CancellationToken cancel);

    /// <summary>Something that happened to the candidate, for the reader of the history.</summary>
    Task EventAsync(string text, CancellationToken cancel = default);
}
