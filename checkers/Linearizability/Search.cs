using System.Numerics;

namespace ElectionJepsen.Checkers.Linearizability;

/// <summary>
/// Wing and Gong's linearizability search with Lowe's refinements, as in Porcupine: the
/// call and return entries of all operations in one doubly linked list ordered by time;
/// an operation whose call is reached before any return may be linearized if the model
/// allows it and the resulting (set, state) is new to the memo, and is then lifted out of
/// the list; reaching a return means the operations linearized so far cannot be extended,
/// so the search backtracks. Indeterminate operations have no return entry: they may be
/// linearized whenever reached, and the search succeeds once every determinate operation is.
/// </summary>
internal sealed partial class Search<TModel, TState>
    where TModel : struct, ISearchModel<TState>
    where TState : struct, IEquatable<TState>
{
    private readonly TModel _model;
    private readonly SearchOp[] _ops;
    private readonly SearchLimits _limits;

    // The entry list: entry e < 2n; head sentinel = 2n, tail sentinel = 2n + 1.
    private readonly int[] _next;
    private readonly int[] _prev;
    private readonly int[] _entryOp;
    private readonly bool[] _isReturn;
    private readonly int[] _callEntry;
    private readonly int[] _returnEntry;
    private readonly int _head;

    // The linearized set.
    private readonly ulong[] _bits;
    private readonly ulong[] _zobrist;
    private readonly int[] _nextDeterminate;
    private ulong _setHash;
    private ulong _infoHash;
    private int _infoCount;
    private int _watermark;
    private int _highest = -1;

    private readonly IReadOnlyList<string> _processes;

    public Search(TModel model, SearchOp[] opsInCallOrder, IReadOnlyList<string> processes, SearchLimits limits)
    {
        _processes = processes;
        _model = model;
        _ops = opsInCallOrder;
        _limits = limits;
        var n = _ops.Length;
        _head = 2 * n;
        _next = new int[2 * n + 2];
        _prev = new int[2 * n + 2];
        _entryOp = new int[2 * n];
        _isReturn = new bool[2 * n];
        _callEntry = new int[n];
        _returnEntry = new int[n];
        _bits = new ulong[(n + 63) / 64];
        _zobrist = new ulong[n];
        _nextDeterminate = new int[n + 1];
        BuildEntries();
        var seed = 0x9E3779B97F4A7C15UL;
        for (var i = 0; i < n; i++) _zobrist[i] = SplitMix(ref seed);
        _nextDeterminate[n] = n;
        for (var i = n - 1; i >= 0; i--) _nextDeterminate[i] = _ops[i].IsOptional ? _nextDeterminate[i + 1] : i;
        _watermark = _nextDeterminate[0];
    }

    private void BuildEntries()
    {
        var n = _ops.Length;
        var order = new List<(long Time, int Kind, int Op)>(2 * n);
        for (var i = 0; i < n; i++)
        {
            order.Add((_ops[i].Call, 0, i));
            if (!_ops[i].IsOptional) order.Add((_ops[i].Return, 1, i));
            _returnEntry[i] = -1;
        }

        // At equal times calls come first: an operation completing at t does not precede one invoked at t.
        order.Sort();
        var prev = _head;
        for (var e = 0; e < order.Count; e++)
        {
            var (_, kind, op) = order[e];
            _entryOp[e] = op;
            _isReturn[e] = kind == 1;
            if (kind == 0) _callEntry[op] = e;
            else _returnEntry[op] = e;
            _next[prev] = e;
            _prev[e] = prev;
            prev = e;
        }

        _next[prev] = _head + 1;
        _prev[_head + 1] = prev;
    }

    public SearchOutcome Run(CancellationToken cancel)
    {
        var memo = new Memo<TState>(_limits.MemoryBudgetBytes, MemoBytesPerEntry());
        var stack = new Stack<Frame>();
        var window = new List<int>(64);
        var state = _model.Initial;
        var remaining = _ops.Count(o => !o.IsOptional);
        var failure = new FailureTracker(_ops);
        var entry = _next[_head];
        long steps = 0;
        while (remaining > 0)
        {
            if ((++steps & 1023) == 0 && cancel.IsCancellationRequested)
            {
                return SearchOutcome.Undecided("stopped", memo.Count);
            }

            if (entry < _head && !_isReturn[entry])
            {
                var op = _entryOp[entry];
                if (_model.Step(state, _ops[op], out var next))
                {
                    var previousHighest = _highest;
                    Mark(op);
                    if (memo.Add(KeyHash(next), _watermark, Window(window), _infoHash ^ WindowInfoHash(), _infoCount - WindowInfoCount(), next))
                    {
                        stack.Push(new Frame(op, state, previousHighest));
                        state = next;
                        Lift(op);
                        if (!_ops[op].IsOptional) remaining--;
                        entry = _next[_head];
                        continue;
                    }

                    Unmark(op, previousHighest);
                }

                entry = _next[entry];
                continue;
            }

            if (entry < _head) failure.Reached(_entryOp[entry], state);
            if (stack.Count == 0) return SearchOutcome.NotLinearizable(failure.Op, _model.Describe(failure.State, _processes), memo.Count);
            var top = stack.Pop();
            state = top.State;
            Unmark(top.Op, top.PreviousHighest);
            Unlift(top.Op);
            if (!_ops[top.Op].IsOptional) remaining++;
            entry = _next[_callEntry[top.Op]];
        }

        return SearchOutcome.Linearizable(memo.Count);
    }

    private readonly record struct Frame(int Op, TState State, int PreviousHighest);

    /// <summary>Remembers the furthest return the search could not get past, and the state there.</summary>
    private sealed class FailureTracker(SearchOp[] ops)
    {
        private long _furthest = long.MinValue;

        public int Op { get; private set; } = -1;

        public TState State { get; private set; }

        public void Reached(int op, in TState state)
        {
            if (ops[op].Return <= _furthest) return;
            _furthest = ops[op].Return;
            Op = op;
            State = state;
        }
    }

    private static ulong SplitMix(ref ulong x)
    {
        var z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static int MemoBytesPerEntry() => 64 + System.Runtime.CompilerServices.Unsafe.SizeOf<TState>();

    private ulong KeyHash(in TState state) =>
        _setHash ^ BitOperations.RotateLeft((ulong)state.GetHashCode() * 0x9E3779B97F4A7C15UL, 17);
}

/// <summary>How long the search may run and how much its memo may hold.</summary>
public sealed record SearchLimits(TimeSpan TimeLimit, long MemoryBudgetBytes)
{
    public static SearchLimits Default { get; } = new(TimeSpan.FromSeconds(30), 512L << 20);
}
