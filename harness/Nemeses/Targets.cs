using System.Text.Json.Nodes;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Nemeses;

/// <summary>Whom a process fault aims at: mostly the leading candidate, sometimes a server.</summary>
internal static class Targets
{
    /// <summary>
    /// With probability <paramref name="serverShare"/> (when there are servers) a random server,
    /// else the leading candidate, else a random candidate; only nodes the filter accepts.
    /// </summary>
    public static ClusterNode? Choose(Cluster cluster, Random random, double serverShare, Func<ClusterNode, bool> usable)
    {
        var servers = cluster.Servers.Where(usable).ToList();
        var candidates = cluster.Candidates.Where(usable).ToList();
        var roll = random.NextDouble();
        var pick = random.Next(1 << 20);
        if ((roll < serverShare || candidates.Count == 0) && servers.Count > 0)
        {
            var leader = servers.FirstOrDefault(s => s.Host == cluster.ServerLeader);
            return leader is not null && pick % 2 == 0 ? leader : servers[pick % servers.Count];
        }

        if (candidates.Count == 0) return null;
        return candidates.FirstOrDefault(c => c.Host == cluster.CandidateLeader) ?? candidates[pick % candidates.Count];
    }

    public static JsonObject Describe(ClusterNode node, Cluster cluster) => new()
    {
        ["process"] = node.Process.Name,
        ["host"] = node.Host,
        ["role"] = node.Role == NodeRole.Server ? "server" : "candidate",
        ["pid"] = node.Process.Pid,
        ["leader"] = node.Host == (node.Role == NodeRole.Server ? cluster.ServerLeader : cluster.CandidateLeader),
    };
}
