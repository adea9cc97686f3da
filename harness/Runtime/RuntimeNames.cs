namespace ElectionJepsen.Harness.Runtime;

/// <summary>What the hosts of a run are made of: the names <c>--runtime</c> takes.</summary>
public static class RuntimeNames
{
    /// <summary>Network namespaces of this machine, the programs run from its own packages.</summary>
    public const string Local = Reports.Store.TestJson.LocalRuntime;

    /// <summary>Containers of the Docker engine on this machine, from images the harness builds.</summary>
    public const string Docker = "docker";

    public static IReadOnlyList<string> All { get; } = [Local, Docker];
}
