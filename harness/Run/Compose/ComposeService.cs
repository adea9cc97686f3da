namespace ElectionJepsen.Harness.Run.Compose;

/// <summary>
/// One service of the compose file: its image and command line, the profile that starts it
/// (none: it always starts), its environment, the container ports it publishes on ephemeral
/// host ports, and the services it waits for.
/// </summary>
public sealed record ComposeService(string Name, string Image, IReadOnlyList<string> Command)
{
    public string? Profile { get; init; }

    public IReadOnlyList<ComposeVariable> Environment { get; init; } = [];

    public IReadOnlyList<int> Ports { get; init; } = [];

    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>Started again by the engine when its program exits with an error (a server not yet reachable at start).</summary>
    public bool RestartOnFailure { get; init; }
}

/// <summary>
/// A variable of a service's environment: a fixed value, or (<see cref="FromShell"/>) the
/// value of the same variable in the shell that runs docker-compose, with the value as its default.
/// </summary>
public sealed record ComposeVariable(string Name, string Value, bool FromShell = false);
