namespace ElectionJepsen.Checkers.Linearizability;

internal sealed partial class Search<TModel, TState>
{
    private bool IsMarked(int op) => (_bits[op >> 6] & (1UL << op)) != 0;

    private void Mark(int op)
    {
        _bits[op >> 6] |= 1UL << op;
        _setHash ^= _zobrist[op];
        if (_ops[op].IsOptional)
        {
            _infoHash ^= _zobrist[op];
            _infoCount++;
        }

        if (op > _highest) _highest = op;
        if (op == _watermark)
        {
            var w = _nextDeterminate[op + 1];
            while (w < _ops.Length && IsMarked(w)) w = _nextDeterminate[w + 1];
            _watermark = w;
        }
    }

    private void Unmark(int op, int previousHighest)
    {
        _bits[op >> 6] &= ~(1UL << op);
        _setHash ^= _zobrist[op];
        if (_ops[op].IsOptional)
        {
            _infoHash ^= _zobrist[op];
            _infoCount--;
        }
        else if (op < _watermark)
        {
            _watermark = op;
        }

        _highest = previousHighest;
    }

    /// <summary>The linearized operations after the watermark, in order.</summary>
    private ReadOnlySpan<int> Window(List<int> scratch)
    {
        scratch.Clear();
        for (var op = _watermark + 1; op <= _highest; op++)
        {
            if (IsMarked(op)) scratch.Add(op);
        }

        return System.Runtime.InteropServices.CollectionsMarshal.AsSpan(scratch);
    }

    private ulong WindowInfoHash()
    {
        ulong h = 0;
        for (var op = _watermark + 1; op <= _highest; op++)
        {
            if (_ops[op].IsOptional && IsMarked(op)) h ^= _zobrist[op];
        }

        return h;
    }

    private int WindowInfoCount()
    {
        var c = 0;
        for (var op = _watermark + 1; op <= _highest; op++)
        {
            if (_ops[op].IsOptional && IsMarked(op)) c++;
        }

        return c;
    }

    private void Lift(int op)
    {
        Remove(_callEntry[op]);
        if (_returnEntry[op] >= 0) Remove(_returnEntry[op]);
    }

    private void Unlift(int op)
    {
        if (_returnEntry[op] >= 0) Restore(_returnEntry[op]);
        Restore(_callEntry[op]);
    }

    private void Remove(int e)
    {
        _next[_prev[e]] = _next[e];
        _prev[_next[e]] = _prev[e];
    }

    private void Restore(int e)
    {
        _next[_prev[e]] = e;
        _prev[_next[e]] = e;
    }
}
