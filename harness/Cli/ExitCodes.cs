using ElectionJepsen.Checkers.Checking;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Reports.Text;

namespace ElectionJepsen.Harness.Cli;

/// <summary>The exit codes of docs/results.md, shared by every verb.</summary>
public static class ExitCodes
{
    public const int Valid = 0;
    public const int Invalid = 1;
    public const int Unknown = 2;
    public const int Usage = 64;
    public const int Data = 65;
    public const int Unavailable = 69;
    public const int Internal = 70;
    public const int CannotCreate = 73;

    /// <summary>The exit code of a failure that ended a verb or a run.</summary>
    public static int For(Exception e) => Describe(e).Code;

    /// <summary>
    /// A failure that ended a verb or a run: its exit code, the one line that tells the user
    /// (escaped for the terminal: messages quote histories and paths; a candidate's failure
    /// keeps the lines of the output it quotes, each escaped), and whether it is a
    /// defect of ours (its stack is worth printing with --verbose).
    /// </summary>
    public static (int Code, string Line, bool Defect) Describe(Exception e)
    {
        var (code, line, defect) = e switch
        {
            UsageException => (Usage, $"error: {e.Message}", false),
            HistoryDataException => (Data, $"malformed history: {e.Message}", false),
            PrerequisiteException => (Unavailable, $"missing prerequisite: {e.Message}", false),
            CandidateFailedException => (Unavailable, $"candidate failed: {e.Message}", false),
            OutputException => (CannotCreate, $"error: {e.Message}", false),
            OperationCanceledException => (Unknown, "cancelled", false),
            NotReadyException => (Internal, $"error: {e.Message}", false),
            _ => (Internal, $"internal error: {e.Message}", true),
        };
        // A candidate's failure quotes the last lines of its output: each shown on its own line.
        return (code, e is CandidateFailedException ? string.Join('\n', line.Split('\n').Select(TerminalText.Escape)) : TerminalText.Escape(line), defect);
    }

    /// <summary>
    /// The worst of several codes, for a verb that checks many histories (docs/results.md):
    /// an internal error (no verdict can be trusted), then an output that could not be
    /// written, then a violation (proof, whatever else went wrong), then a malformed history
    /// (it could not be checked at all), then a missing prerequisite, then a usage error (a
    /// history that could not be read), then unknown, then valid: 70, 73, 1, 65, 69, 64, 2, 0.
    /// A code not of this list ranks as an internal error.
    /// </summary>
    public static int Worst(IEnumerable<int> codes) => codes.DefaultIfEmpty(Valid).MaxBy(Severity);

    private static int Severity(int code) => code switch
    {
        Valid => 0,
        Unknown => 1,
        Usage => 2,
        Unavailable => 3,
        Data => 4,
        Invalid => 5,
        CannotCreate => 6,
        _ => 7,
    };
}

/// <summary>A mistake in the command line: one line saying what was wrong and what is allowed; exit 64.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// The program under test could not be built or started: exit 69, with the command, how it
/// ended and the last lines of its output, one a line.
/// </summary>
public sealed class CandidateFailedException(string message) : Exception(message);

/// <summary>An output (store, results, report, JUnit file) could not be created: exit 73, naming the path and why.</summary>
public sealed class OutputException(string message, Exception? inner = null) : Exception(message, inner);
