namespace ElectionJepsen.Checkers.Results;

/// <summary>Over how much of the history a check ran.</summary>
public enum Coverage
{
    /// <summary>Every operation it looks at was judged.</summary>
    All,

    /// <summary>Some were judged, some could not be (the reason says which and why).</summary>
    Some,

    /// <summary>Nothing could be judged.</summary>
    None,
}

/// <summary>
/// One check of the checker (a violation kind, or the failover measure), and whether it ran
/// over all, some or none of the operations it looks at; when not all, why not.
/// </summary>
public sealed record JudgedCheck(string Name, Coverage Ran, string? Why = null);

/// <summary>The names of the checks that are not violation kinds.</summary>
public static class CheckNames
{
    public const string Failover = "failover";
}

public static class Coverages
{
    /// <summary>The word results.json gives a coverage: <c>all</c>, <c>some</c> or <c>none</c>.</summary>
    public static string Word(this Coverage c) => c switch
    {
        Coverage.All => "all",
        Coverage.Some => "some",
        _ => "none",
    };

    /// <summary>The coverage of a word; null for any other.</summary>
    public static Coverage? Parse(string? word) => word switch
    {
        "all" => Coverage.All,
        "some" => Coverage.Some,
        "none" => Coverage.None,
        _ => null,
    };
}
