namespace ElectionJepsen.Workloads.Control;

/// <summary>
/// The operations a candidate announces and reports (a message's <c>f</c>): the control
/// protocol's own words. The harness records each as the history's operation of the same
/// name, and that mapping is the harness's (it alone sees both contracts).
/// </summary>
public static class ControlFunctions
{
    /// <summary>A campaign: its ok outcome carries the token granted.</summary>
    public const string Acquire = "acquire";

    /// <summary>A resignation: its announce carries the token given up.</summary>
    public const string Release = "release";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal) { Acquire, Release };
}
