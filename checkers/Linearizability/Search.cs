using System.Runtime.CompilerServices;

namespace ElectionJepsen.Checkers.Linearizability;

/// <summary>
/// Wing and Gong's linearizability search with Lowe's refinements, as in Porcupine: the
/// call and return entries of all operations in one doubly linked list ordered by time;
/// an operation whose call is reached before any return may be linearized if the model
/// allows it and the resulting (set, state) is new to the memo, and is then lifted out of
/// the list; reaching a return means the operations linearized so far cannot be extended,
/// so the search backtracks. Indeterminate operations have no return entry: they may be
/// linearized whenever reached, and the search succeeds once every determinate operation is.
/// Everything big it holds is reserved from a <see cref="MemoryBudget"/>; refused, it ends undecided.
/// </summary>
internal sealed partial class Search<TModel, TState>
    where TModel : struct, ISearchModel<TState>
    where TState : struct, IEquatable<TState>
{
    private readonly TModel _model;
    private readonly SearchOp[] _ops;
    private readonly SearchMemory _memory;
    private readonly IReadOnlyList<string> _processes;
    private readonly Memo<TState> _memo;

    // The entry list: entry e < 2n; head sentinel = 2n, tail sentinel = 2n + 1.
    private readonly int[] _next;
    private readonly int[] _prev;
    private readonly int[] _entryOp;
    private readonly bool[] _isReturn;
    private readonly int[] _callEntry;
    private readonly int[] _returnEntry;
    private readonly int _head;

    private Search(TModel model, SearchOp[] opsInCallOrder, IReadOnlyList<string> processes, SearchMemory memory)
    {
        _model = model;
        _ops = opsInCallOrder;
        _processes = processes;
        _memory = memory;
        _memo = new Memo<TState>(memory);
        var n = _ops.Length;
        _head = 2 * n;
        _next = new int[2 * n + 2];
        _prev = new int[2 * n + 2];
        _entryOp = new int[2 * n];
        _isReturn = new bool[2 * n];
        _callEntry = new int[n];
        _returnEntry = new int[n];
        BuildEntries();
        (_zobrist, _nextDeterminate, _ordinal, _sets) = BuildSet();
        (_group, _rank, _firstPending) = BuildGroups();
        _holes = new int[Math.Max(4, processes.Count + 1)];
        _frames = new Frame[Math.Min(n + 1, 1024)];
    }

    /// <summary>
    /// Searches for a linearization of <paramref name="opsInCallOrder"/>, holding at most what
    /// <paramref name="budget"/> grants; undecided when it is refused or <paramref name="cancel"/> fires.
    /// </summary>
    public static SearchOutcome Run(TModel model, SearchOp[] opsInCallOrder, IReadOnlyList<string> processes, MemoryBudget budget, CancellationToken cancel)
    {
        var memory = new SearchMemory(budget);
        try
        {
            if (!memory.TryReserve(FixedBytes(opsInCallOrder.Length, processes.Count)))
            {
                return OutOfMemory(budget, 0, 0);
            }

            return new Search<TModel, TState>(model, opsInCallOrder, processes, memory).Run(cancel);
        }
        finally
        {
            memory.DiscardAll();
        }
    }

    /// <summary>
    /// Per operation: the operation; next and previous (two entries each); entry's operation
    /// and kind (two entries); call and return entry; Zobrist key; next determinate; ordinal;
    /// group, rank and a group's count; and while they are built, the sort of returns (12)
    /// and the table of groups (48 at most).
    /// </summary>
    private static readonly long BytesPerOp = Unsafe.SizeOf<SearchOp>() + (2 * 2 * 4) + (2 * (4 + 1)) + (2 * 4) + 8 + 4 + 4 + (3 * 4) + 12 + 48;

    /// <summary>What the search holds from its start, whatever it explores: per-operation arrays and first allocations.</summary>
    private static long FixedBytes(long n, int processes) =>
        (n * BytesPerOp) + (Math.Min(n + 1, 1024) * Unsafe.SizeOf<Frame>()) + (4L * (processes + 4)) + IndeterminateSets.InitialBytes + 4096;

    private void BuildEntries()
    {
        // Calls are in order already; returns are sorted by time, then merged with calls, a
        // call first at equal times: an operation completing at t does not precede one invoked at t.
        var n = _ops.Length;
        var returning = 0;
        foreach (ref readonly var o in _ops.AsSpan()) returning += o.Indeterminate ? 0 : 1;
        var returnTimes = new long[returning];
        var returnOps = new int[returning];
        for (int i = 0, r = 0; i < n; i++)
        {
            _returnEntry[i] = -1;
            if (_ops[i].Indeterminate) continue;
            (returnTimes[r], returnOps[r]) = (_ops[i].Return, i);
            r++;
        }

        Array.Sort(returnTimes, returnOps);
        var prev = _head;
        int call = 0, ret = 0;
        for (var e = 0; e < n + returning; e++)
        {
            var isCall = ret == returning || (call < n && _ops[call].Call <= returnTimes[ret]);
            var op = isCall ? call++ : returnOps[ret++];
            _entryOp[e] = op;
            _isReturn[e] = !isCall;
            if (isCall) _callEntry[op] = e;
            else _returnEntry[op] = e;
            _next[prev] = e;
            _prev[e] = prev;
            prev = e;
        }

        _next[prev] = _head + 1;
        _prev[_head + 1] = prev;
    }

    private static SearchOutcome OutOfMemory(MemoryBudget budget, long memo, int depth) =>
        SearchOutcome.Undecided(
            $"the search reached its memory budget of {MemoryBudget.Format(budget.LimitBytes)} (--memory-limit-mb) " +
            $"with {MemoryBudget.Format(budget.UsedBytes)} held: nothing more to forget, {memo:N0} memo entries and a stack {depth:N0} deep",
            memo);
}
