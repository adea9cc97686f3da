using System.Runtime.CompilerServices;

namespace ElectionJepsen.Checkers.Linearizability;

internal sealed partial class Search<TModel, TState>
{
    private Frame[] _frames;
    private int _depth;

    private SearchOutcome Run(CancellationToken cancel)
    {
        try
        {
            return Explore(cancel);
        }
        finally
        {
            _memo.Clear();
        }
    }

    private SearchOutcome Explore(CancellationToken cancel)
    {
        var state = _model.Initial;
        var remaining = 0;
        foreach (ref readonly var o in _ops.AsSpan()) remaining += o.Indeterminate ? 0 : 1;
        var failure = new FailureTracker(_ops);
        var entry = _next[_head];
        long steps = 0;
        while (remaining > 0)
        {
            if ((++steps & 1023) == 0 && cancel.IsCancellationRequested)
            {
                return SearchOutcome.Undecided(SearchOutcome.Stopped, _memo.Count);
            }

            if (entry < _head && !_isReturn[entry])
            {
                var op = _entryOp[entry];
                if (IsRepresentative(op) && _model.Step(state, _ops[op], out var next))
                {
                    if (!Mark(op, out var previousHigh, out var undo)) return OutOfMemory(_memory.Budget, _memo.Count, _depth);
                    var added = _memo.Add(KeyHash(next), _high, Holes, _indeterminate, next);
                    if (added == MemoAdd.Added)
                    {
                        if (!Push(new Frame(op, previousHigh, undo, state))) return OutOfMemory(_memory.Budget, _memo.Count, _depth);
                        state = next;
                        Lift(op);
                        if (!_ops[op].Indeterminate) remaining--;
                        entry = _next[_head];
                        continue;
                    }

                    if (added == MemoAdd.OutOfMemory) return OutOfMemory(_memory.Budget, _memo.Count, _depth);
                    Unmark(op, previousHigh, undo);
                }

                entry = _next[entry];
                continue;
            }

            if (entry < _head) failure.Reached(_entryOp[entry], state);
            if (_depth == 0) return SearchOutcome.NotLinearizable(failure.Op, _model.Describe(failure.State, _processes), _memo.Count);
            var top = _frames[--_depth];
            state = top.State;
            Unmark(top.Op, top.PreviousHigh, top.Undo);
            Unlift(top.Op);
            if (!_ops[top.Op].Indeterminate) remaining++;
            entry = _next[_callEntry[top.Op]];
        }

        return SearchOutcome.Linearizable(_memo.Count);
    }

    /// <summary>Pushes a frame, growing the stack by doubling within the budget (forgetting memo entries first if need be).</summary>
    private bool Push(in Frame frame)
    {
        if (_depth == _frames.Length)
        {
            var size = (long)_frames.Length * 2;
            var bytes = Unsafe.SizeOf<Frame>();
            if (!Reserve(size * bytes)) return false;
            Array.Resize(ref _frames, (int)size);
            _memory.Discard(size / 2 * bytes);
        }

        _frames[_depth++] = frame;
        return true;
    }

    /// <summary>Reserves memory, forgetting old memo entries while the budget refuses; false when nothing is left to forget.</summary>
    private bool Reserve(long bytes)
    {
        while (!_memory.TryReserve(bytes))
        {
            if (!_memo.Forget()) return false;
        }

        return true;
    }

    /// <summary>A linearized operation, the state before it, and how to take it out of the set again.</summary>
    private readonly record struct Frame(int Op, int PreviousHigh, int Undo, TState State);

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
}
