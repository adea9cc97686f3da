namespace ElectionJepsen.Harness.Tests.Runtime;

/// <summary>
/// Tests that make namespaces or reap them run one at a time: a reaper in one test must
/// not remove the deliberately abandoned run of another.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NamespacesCollection
{
    public const string Name = "namespaces";
}
