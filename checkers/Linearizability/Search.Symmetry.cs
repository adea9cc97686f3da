namespace ElectionJepsen.Checkers.Linearizability;

/// <summary>
/// Indeterminate operations with the same effect (code, arguments, and process when the
/// model reads it) are interchangeable once both are called: neither has a return to
/// meet, so whatever a linearization does with one, it can do with the other. The search
/// therefore only ever linearizes the earliest called of a group that is still pending,
/// so a group's linearized members are a prefix of it, counted by <see cref="_firstPending"/>.
/// Without this, every pending indeterminate operation was tried at every step, and a
/// history with many of them (a partition's timeouts) made the search explode.
/// </summary>
internal sealed partial class Search<TModel, TState>
{
    private readonly int[] _group;
    private readonly int[] _rank;
    private readonly int[] _firstPending;

    private (int[] Group, int[] Rank, int[] FirstPending) BuildGroups()
    {
        var n = _ops.Length;
        var group = new int[n];
        var rank = new int[n];
        var groups = new Dictionary<(byte Code, long A, long B, int Process), int>();
        var sizes = new List<int>();
        var readsProcess = _model.StepReadsProcess;
        for (var i = 0; i < n; i++)
        {
            ref readonly var o = ref _ops[i];
            group[i] = -1;
            if (!o.Indeterminate) continue;
            var effect = (o.Code, o.A, o.B, readsProcess ? o.Process : -1);
            if (!groups.TryGetValue(effect, out var g))
            {
                groups[effect] = g = sizes.Count;
                sizes.Add(0);
            }

            group[i] = g;
            rank[i] = sizes[g]++;
        }

        return (group, rank, new int[sizes.Count]);
    }

    /// <summary>Whether the search may try <paramref name="op"/> now: any determinate one, and the earliest pending of a group.</summary>
    private bool IsRepresentative(int op) => _group[op] < 0 || _rank[op] == _firstPending[_group[op]];
}
