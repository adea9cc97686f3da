using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Nemeses;

/// <summary>The processes a nemesis has done something to and not yet undone, safe to use from any thread.</summary>
internal sealed class Afflicted
{
    private readonly List<ClusterNode> _nodes = [];
    private readonly Lock _lock = new();

    public void Add(ClusterNode node)
    {
        lock (_lock) _nodes.Add(node);
    }

    /// <summary>All of them, forgotten as they are handed over.</summary>
    public List<ClusterNode> Drain()
    {
        lock (_lock)
        {
            var all = _nodes.ToList();
            _nodes.Clear();
            return all;
        }
    }
}
