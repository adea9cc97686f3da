namespace ElectionJepsen.Harness.Nemeses.Partition;

/// <summary>
/// Who drops whom, as Jepsen means it: for each host, the hosts whose packets it drops.
/// A complete grudge over components cuts every pair that is not in one component.
/// </summary>
public sealed class Grudge
{
    private readonly SortedDictionary<string, SortedSet<string>> _drops = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, SortedSet<string>> Drops => _drops;

    public bool IsEmpty => _drops.Values.All(s => s.Count == 0);

    public void Drop(string host, string from)
    {
        if (host == from) return;
        if (!_drops.TryGetValue(host, out var set)) _drops[host] = set = new SortedSet<string>(StringComparer.Ordinal);
        set.Add(from);
    }

    /// <summary>True when traffic between the two hosts is cut in either direction.</summary>
    public bool Cuts(string a, string b) =>
        (_drops.TryGetValue(a, out var da) && da.Contains(b)) || (_drops.TryGetValue(b, out var db) && db.Contains(a));

    public static Grudge Complete(IEnumerable<IReadOnlyList<string>> components)
    {
        var list = components.ToList();
        var g = new Grudge();
        foreach (var c in list)
        {
            foreach (var other in list.Where(o => !ReferenceEquals(o, c)))
            {
                foreach (var a in c)
                {
                    foreach (var b in other) g.Drop(a, b);
                }
            }
        }

        return g;
    }

    /// <summary>Keeps only the cuts the predicate accepts.</summary>
    public Grudge Where(Func<string, string, bool> keep)
    {
        var g = new Grudge();
        foreach (var (a, set) in _drops)
        {
            foreach (var b in set.Where(b => keep(a, b))) g.Drop(a, b);
        }

        return g;
    }

    /// <summary>"n1 drops n3 n4; n2 drops n3 n4; ..." for the history and the log.</summary>
    public override string ToString() =>
        IsEmpty ? "no cut" : string.Join("; ", _drops.Where(kv => kv.Value.Count > 0).Select(kv => $"{kv.Key} drops {string.Join(' ', kv.Value)}"));
}
