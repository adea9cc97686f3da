namespace ElectionJepsen.Harness.Run.Live;

/// <summary>
/// What the live view shows at one moment, taken whole by <see cref="LiveSource"/> and drawn
/// by <see cref="LivePanel"/>: data only, so that the drawing is tested without a run.
/// </summary>
/// <param name="Title">The run in a few words: backend, nemesis, candidates, seed.</param>
/// <param name="Elapsed">Time since the test began.</param>
/// <param name="Limit">The time limit.</param>
/// <param name="Candidates">Each candidate and what it last said.</param>
/// <param name="Fault">The fault in force and what it hit ("no fault", "healed", "no nemesis").</param>
/// <param name="Accepted">Writes and jobs the ledger accepted.</param>
/// <param name="Refused">Writes and jobs the ledger refused (stale tokens).</param>
/// <param name="Leaderless">The leaderless time so far, the live estimate of <see cref="LeaderTracker.Leaderless"/>.</param>
/// <param name="Events">Events in the history so far.</param>
/// <param name="Matrix">Where the matrix stands, when the run is one of a matrix's.</param>
/// <param name="Log">The latest log lines held back from the console while the panel runs.</param>
public sealed record LiveSnapshot(
    string Title,
    TimeSpan Elapsed,
    TimeSpan Limit,
    IReadOnlyList<CandidateLine> Candidates,
    string Fault,
    long Accepted,
    long Refused,
    TimeSpan Leaderless,
    long Events,
    MatrixProgress? Matrix,
    IReadOnlyList<string> Log);

/// <summary>What the live view says of a candidate.</summary>
public enum CandidateState
{
    /// <summary>Not asked yet.</summary>
    Waiting,
    Leader,
    Follower,
    NoAnswer,
    Paused,
    Killed,
}

/// <summary>One candidate's line: its state, and its token when it leads.</summary>
public sealed record CandidateLine(string Node, CandidateState State, long? Token = null)
{
    /// <summary>A process stopped or paused says so first; else the candidate's latest answer.</summary>
    public static CandidateLine Of(string node, LastAnswer said, bool running, bool paused) =>
        !running ? new(node, CandidateState.Killed)
        : paused ? new(node, CandidateState.Paused)
        : said.Answer switch
        {
            ClaimAnswer.Leader => new(node, CandidateState.Leader, said.Token),
            ClaimAnswer.Follower => new(node, CandidateState.Follower),
            ClaimAnswer.NoAnswer => new(node, CandidateState.NoAnswer),
            _ => new(node, CandidateState.Waiting),
        };
}

/// <summary>
/// A run's place in a matrix: run <paramref name="Run"/> of <paramref name="Runs"/>, its cell,
/// and the matrix's time left (null before the first run has ended, when there is no estimate
/// yet), as of <paramref name="Since"/> (a <see cref="TimeProvider"/> timestamp).
/// </summary>
public sealed record MatrixProgress(int Run, int Runs, string Backend, string Nemesis, TimeSpan? Left, long Since);
