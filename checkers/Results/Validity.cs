namespace ElectionJepsen.Checkers.Results;

/// <summary>A verdict. Merging keeps the worst: <see cref="False"/> over <see cref="Unknown"/> over <see cref="True"/>.</summary>
public enum Validity
{
    True = 0,
    Unknown = 1,
    False = 2,
}

public static class Validities
{
    public static Validity Merge(this Validity a, Validity b) => (Validity)Math.Max((int)a, (int)b);

    /// <summary>The exit code of docs/results.md for this verdict.</summary>
    public static int ExitCode(this Validity v) => v switch
    {
        Validity.True => 0,
        Validity.False => 1,
        _ => 2,
    };

    public static string Describe(this Validity v) => v switch
    {
        Validity.True => "valid",
        Validity.False => "INVALID",
        _ => "unknown",
    };
}
