using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Harness.Cli;

namespace ElectionJepsen.Harness.Run;

/// <summary>One cell of a matrix: a backend under a nemesis, and how its run ended.</summary>
public sealed record MatrixCell(string Backend, string Nemesis)
{
    public int? ExitCode { get; set; }

    public string? Directory { get; set; }

    public CheckResult? Result { get; set; }

    public string? Error { get; set; }

    public TimeSpan Elapsed { get; set; }

    /// <summary>With <c>--expect</c>: why the run is not what was expected, or null.</summary>
    public string? Unexpected { get; set; }

    /// <summary>A few words for the summary table: the verdict, or what went wrong.</summary>
    public string Short => ExitCode switch
    {
        null => "not run",
        ExitCodes.Valid => "valid",
        ExitCodes.Invalid => "INVALID",
        ExitCodes.Unknown => "unknown",
        _ => $"error {ExitCode}",
    };
}
