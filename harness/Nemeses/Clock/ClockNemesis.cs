using System.Text.Json.Nodes;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Runtime;

namespace ElectionJepsen.Harness.Nemeses.Clock;

/// <summary>
/// <c>clock</c>: moves one process's own wall clock (a server's, the leading candidate's, or
/// another candidate's, a third of the time each) through libfaketime: a bump forward or
/// back by <paramref name="bump"/>, or a strobe (flipping between real time and the bump
/// every <paramref name="strobePeriod"/> until healed). Heal sets every clock it touched
/// back to real time. Processes whose clocks cannot move (etcd, a Go program that reads
/// the clock without libc) are never chosen: each fault's value names them and says why
/// (<c>unmovable</c>), and when none can move the nemesis says why instead of running.
/// </summary>
public sealed class ClockNemesis(TimeSpan bump, TimeSpan? strobePeriod = null) : INemesis
{
    private readonly Dictionary<ClusterNode, CancellationTokenSource?> _moved = [];
    private readonly List<Task> _strobes = [];
    private readonly Lock _lock = new();
    private readonly TimeSpan _strobePeriod = strobePeriod ?? TimeSpan.FromMilliseconds(200);

    public string Name => NemesisNames.Clock;

    public NemesisPair Functions => NemesisFunctions.Clock;

    public Task<JsonNode> StartAsync(Cluster cluster, Random random, CancellationToken cancel)
    {
        var movable = cluster.Nodes.Where(n => n.Clock?.OffsetFile is not null && n.Process.IsRunning).ToList();
        if (movable.Count == 0)
        {
            var why = cluster.Nodes.Select(n => n.NoClockReason).OfType<string>().Distinct().ToList();
            throw new NemesisUnavailableException("no process here has a clock the nemesis can move" + (why.Count > 0 ? ": " + string.Join("; ", why) : string.Empty));
        }

        var target = Choose(cluster, movable, random.Next(3)) ?? movable[random.Next(movable.Count)];
        var roll = random.NextDouble();
        var value = new JsonObject { ["process"] = target.Process.Name, ["host"] = target.Host };

        // Said on every fault, so that no one reads a clock fault as reaching what it cannot.
        var unmovable = cluster.Nodes.Where(n => n.Clock?.OffsetFile is null && n.NoClockReason is not null).GroupBy(n => n.NoClockReason!).ToList();
        if (unmovable.Count > 0)
        {
            value["unmovable"] = string.Join("; ", unmovable.Select(g => $"{string.Join(", ", g.Select(n => n.Host))}: {g.Key}"));
        }

        lock (_lock)
        {
            if (_moved.TryGetValue(target, out var running)) running?.Cancel();
            if (roll < 0.35 || roll >= 0.65)
            {
                var offset = roll < 0.35 ? bump : -bump;
                target.Clock!.SetOffset(offset);
                _moved[target] = null;
                value["mode"] = "bump";
                value["offset_s"] = offset.TotalSeconds;
            }
            else
            {
                var stop = new CancellationTokenSource();
                _moved[target] = stop;
                _strobes.Add(StrobeAsync(target.Clock!, stop.Token));
                value["mode"] = "strobe";
                value["offset_s"] = bump.TotalSeconds;
                value["period_ms"] = _strobePeriod.TotalMilliseconds;
            }
        }

        return Task.FromResult<JsonNode>(value);
    }

    /// <summary>A server, the leading candidate, or another candidate, a third of the time each (when there is one).</summary>
    private static ClusterNode? Choose(Cluster cluster, List<ClusterNode> movable, int which)
    {
        var leader = movable.FirstOrDefault(n => n.Role == NodeRole.Candidate && n.Host == cluster.CandidateLeader);
        var pool = which switch
        {
            0 => movable.Where(n => n.Role == NodeRole.Server).ToList(),
            1 => leader is null ? [] : [leader],
            _ => movable.Where(n => n.Role == NodeRole.Candidate && n != leader).ToList(),
        };
        return pool.Count == 0 ? null : pool[which % pool.Count];
    }

    public async Task<JsonNode> HealAsync(Cluster cluster, CancellationToken cancel)
    {
        List<ClusterNode> reset;
        Task[] strobes;
        lock (_lock)
        {
            foreach (var stop in _moved.Values) stop?.Cancel();
            reset = [.. _moved.Keys];
            _moved.Clear();
            strobes = [.. _strobes];
            _strobes.Clear();
        }

        await Task.WhenAll(strobes);
        foreach (var n in reset) n.Clock!.SetOffset(TimeSpan.Zero);
        return new JsonObject { ["reset"] = new JsonArray([.. reset.Select(n => (JsonNode)n.ToString())]) };
    }

    private async Task StrobeAsync(FakeClock clock, CancellationToken stop)
    {
        var forward = true;
        while (!stop.IsCancellationRequested)
        {
            clock.SetOffset(forward ? bump : TimeSpan.Zero);
            forward = !forward;
            try
            {
                await Task.Delay(_strobePeriod, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
