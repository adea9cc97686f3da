using ElectionJepsen.Checkers.Results;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.Harness.Cli;

namespace ElectionJepsen.Harness.Run;

/// <summary>
/// A row of a matrix: one of our recipes on its backend, or a candidate of the contract on one
/// of the backends it lists. <see cref="Label"/> names it in the summary and in expectations:
/// the backend, or the candidate's slug and its backend (<c>slug@backend</c>).
/// </summary>
public sealed record MatrixRow(string Backend, IBackend Servers, CandidateManifest? Candidate = null)
{
    public string Label => Candidate is { } c ? $"{c.Slug}@{Backend}" : Backend;

    /// <summary>The names an expectation's first word may give for this row: the label, and a candidate's slug alone.</summary>
    public IReadOnlyList<string> Names => Candidate is { } c ? [Label, c.Slug] : [Backend];
}

/// <summary>One cell of a matrix: a row under a nemesis, and how its run ended.</summary>
public sealed record MatrixCell(MatrixRow Row, string Nemesis)
{
    public string Backend => Row.Backend;

    public string Label => Row.Label;

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
