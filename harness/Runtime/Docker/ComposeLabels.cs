namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>
/// The labels compose puts on the containers it makes (the same keys in docker-compose 1.29
/// and compose v2, whose container names differ: never parse names), and the filter that finds
/// one project's containers again.
/// </summary>
public static class ComposeLabels
{
    public const string Project = "com.docker.compose.project";

    public const string Service = "com.docker.compose.service";

    /// <summary>A replica's number within its service, from 1.</summary>
    public const string Number = "com.docker.compose.container-number";

    /// <summary><c>True</c> on a <c>compose run</c> container, <c>False</c> on a service's replica.</summary>
    public const string OneOff = "com.docker.compose.oneoff";

    /// <summary>The replicas of every service of <paramref name="project"/> (no one-off containers).</summary>
    public static IDictionary<string, IDictionary<string, bool>> ReplicasFilter(string project) =>
        new Dictionary<string, IDictionary<string, bool>>
        {
            ["label"] = new Dictionary<string, bool> { [$"{Project}={project}"] = true, [$"{OneOff}=False"] = true },
        };
}
