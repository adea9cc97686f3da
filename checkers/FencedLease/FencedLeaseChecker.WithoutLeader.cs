using ElectionJepsen.Checkers.Results;

namespace ElectionJepsen.Checkers.FencedLease;

public sealed partial class FencedLeaseChecker
{
    /// <summary>
    /// The longest stretch of real time in which no act of any leader of a key was in flight:
    /// from the moment every act begun so far had completed to the invoke of the next, between
    /// the key's first act and its last (an act: a claim that said leader, an accepted write or
    /// job, with a token or without). The failover windows measure changes of leader only; a
    /// leader that hangs while it holds the lease, so that nobody else is granted it, shows
    /// here. Null when no act of a key began after every earlier one had completed.
    /// </summary>
    internal static LeaderlessWindow? LongestWithoutLeader(Dictionary<string, LeaseKeyOps> byKey)
    {
        LeaderlessWindow? longest = null;
        foreach (var (key, ops) in byKey.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            var acts = ops.Grants.Where(g => g.IsAct).Concat(ops.TokenlessActs).OrderBy(a => a.Call).ToList();
            if (acts.Count < 2) continue;
            var completed = acts[0].Return;
            foreach (var act in acts.Skip(1))
            {
                if (act.Call > completed && (longest is null || act.Call - completed > longest.ToNs - longest.FromNs)) longest = new LeaderlessWindow(key, completed, act.Call);
                completed = Math.Max(completed, act.Return);
            }
        }

        return longest;
    }
}
