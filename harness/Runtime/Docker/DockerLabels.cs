namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>
/// The labels the harness puts on what it makes in Docker, and the filters that find them
/// again: a run's containers, networks and volumes carry the run id (so that <c>cleanup</c>
/// and the next start find what a killed run left), its host and role; an image carries the
/// digest of the inputs it was built from.
/// </summary>
public static class DockerLabels
{
    /// <summary>The id of the run that made a container, network or volume.</summary>
    public const string Run = "electionjepsen.run";

    /// <summary>The host (the node's name) a container is, or belongs to.</summary>
    public const string Host = "electionjepsen.host";

    /// <summary>What a container runs: a server, a candidate, a host's own namespace.</summary>
    public const string Role = "electionjepsen.role";

    /// <summary>An image's inputs: the digest of what it was built or made from.</summary>
    public const string Inputs = "electionjepsen.inputs";

    /// <summary>The labels of a run's network or volume.</summary>
    public static Dictionary<string, string> OfRun(string runId) => new() { [Run] = runId };

    /// <summary>The labels of a run's container.</summary>
    public static Dictionary<string, string> OfNode(string runId, string host, string role) =>
        new() { [Run] = runId, [Host] = host, [Role] = role };

    /// <summary>The labels of an image made from inputs of this digest.</summary>
    public static Dictionary<string, string> OfImage(string inputs) => new() { [Inputs] = inputs };

    /// <summary>A filter on what one run made.</summary>
    public static IDictionary<string, IDictionary<string, bool>> RunFilter(string runId) => Filter($"{Run}={runId}");

    /// <summary>A filter on what any run made (a bare key matches every value).</summary>
    public static IDictionary<string, IDictionary<string, bool>> AnyRunFilter() => Filter(Run);

    /// <summary>A filter on the images made from any inputs: every image of ours.</summary>
    public static IDictionary<string, IDictionary<string, bool>> AnyInputsFilter() => Filter(Inputs);

    /// <summary>A filter on the images made from inputs of this digest.</summary>
    public static IDictionary<string, IDictionary<string, bool>> InputsFilter(string inputs) => Filter($"{Inputs}={inputs}");

    /// <summary>The run id on something's labels, or null when it has none.</summary>
    public static string? RunOf(IDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(Run, out var id) && id.Length > 0 ? id : null;

    /// <summary>The inputs' digest on an image's labels, or null when it has none.</summary>
    public static string? InputsOf(IDictionary<string, string>? labels) =>
        labels is not null && labels.TryGetValue(Inputs, out var digest) ? digest : null;

    /// <summary>The engine's filter on labels (<c>{"label": {"k=v": true}}</c>).</summary>
    private static IDictionary<string, IDictionary<string, bool>> Filter(string label) =>
        new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [label] = true } };
}
