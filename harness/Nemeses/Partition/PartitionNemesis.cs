using System.Text.Json.Nodes;
using ElectionJepsen.Checkers.History;

namespace ElectionJepsen.Harness.Nemeses.Partition;

/// <summary>Which hosts a partition splits.</summary>
public enum PartitionScope
{
    /// <summary>All hosts, servers and candidates alike.</summary>
    All,

    /// <summary>Servers from each other; candidates untouched.</summary>
    Servers,

    /// <summary>Candidates from each other (the backends where candidates elect among themselves).</summary>
    Candidates,

    /// <summary>Candidates from servers: only cuts between a candidate and a server are kept.</summary>
    CandidatesServers,
}

/// <summary>The scopes' names on the command line and in the history.</summary>
public static class PartitionScopes
{
    private static readonly (PartitionScope Scope, string Name)[] Names =
        [(PartitionScope.All, "all"), (PartitionScope.Servers, "servers"), (PartitionScope.Candidates, "candidates"), (PartitionScope.CandidatesServers, "candidates-servers")];

    public static IEnumerable<string> All => Names.Select(n => n.Name);

    public static string Name(PartitionScope scope) => Names.Single(n => n.Scope == scope).Name;

    public static PartitionScope? Parse(string name) => Names.FirstOrDefault(n => n.Name == name) is { Name: not null } found ? found.Scope : null;
}

/// <summary>
/// <c>partition</c>: a shape chosen at random among <paramref name="shapes"/>, cut with
/// iptables inside the hosts; heal removes every rule.
/// </summary>
public sealed class PartitionNemesis(IReadOnlyList<string>? shapes = null, PartitionScope scope = PartitionScope.All) : INemesis
{
    public string Name => NemesisNames.Partition;

    public NemesisPair Functions => NemesisFunctions.Partition;

    public IReadOnlyList<string> Shapes { get; } = shapes ?? PartitionShapes.All;

    public async Task<JsonNode> StartAsync(Cluster cluster, Random random, CancellationToken cancel)
    {
        var shape = Shapes[random.Next(Shapes.Count)];
        var nodes = scope switch
        {
            PartitionScope.Servers => cluster.Servers.Select(n => n.Host),
            PartitionScope.Candidates => cluster.Candidates.Select(n => n.Host),
            _ => cluster.Network.Hosts.Select(h => h.Name),
        };
        var list = nodes.Distinct().ToList();
        if (list.Count < 2) throw new NemesisUnavailableException($"a {PartitionScopes.Name(scope)} partition needs two hosts or more, and there are {list.Count}");
        var leader = scope == PartitionScope.Servers ? cluster.ServerLeader : cluster.CandidateLeader ?? cluster.ServerLeader;
        var grudge = PartitionShapes.Make(shape, list, random, leader);
        if (scope == PartitionScope.CandidatesServers)
        {
            // Every host that is not a candidate's counts as a server's, the stand-in for an outside server included.
            var candidates = cluster.Candidates.Select(n => n.Host).ToHashSet();
            grudge = grudge.Where((a, b) => candidates.Contains(a) != candidates.Contains(b));
        }

        var took = await cluster.Faults.PartitionAsync(grudge, cancel);
        var drops = new JsonObject();
        foreach (var (host, from) in grudge.Drops) drops[host] = new JsonArray([.. from.Select(f => (JsonNode)f)]);
        return new JsonObject
        {
            ["shape"] = shape,
            ["scope"] = PartitionScopes.Name(scope),
            ["leader"] = shape == PartitionShapes.IsolateLeader ? leader : null,
            ["grudge"] = drops,
            ["took_ms"] = Math.Round(took.TotalMilliseconds, 1),
        };
    }

    public async Task<JsonNode> HealAsync(Cluster cluster, CancellationToken cancel)
    {
        var took = await cluster.Faults.HealAsync(cancel);
        return new JsonObject { ["healed"] = "network", ["took_ms"] = Math.Round(took.TotalMilliseconds, 1) };
    }
}
