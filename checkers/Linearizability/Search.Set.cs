using System.Numerics;

namespace ElectionJepsen.Checkers.Linearizability;

/// <summary>
/// The linearized set, in the form the memo keys it by (see <see cref="Memo{TState}"/>): the
/// highest linearized determinate operation, the holes below it, and the id of the set of
/// indeterminate operations linearized. Each change is made in time bounded by the
/// operations open at once, never by how far the search has come, and undone exactly.
/// </summary>
internal sealed partial class Search<TModel, TState>
{
    private readonly ulong[] _zobrist;
    private readonly int[] _nextDeterminate;
    private readonly int[] _ordinal;
    private readonly IndeterminateSets _sets;
    private int[] _holes;
    private int _holeCount;
    private ulong _holesHash;
    private int _high = -1;
    private int _indeterminate = IndeterminateSets.Empty;

    private ReadOnlySpan<int> Holes => _holes.AsSpan(0, _holeCount);

    private (ulong[] Zobrist, int[] NextDeterminate, int[] Ordinal, IndeterminateSets Sets) BuildSet()
    {
        var n = _ops.Length;
        var zobrist = new ulong[n];
        var nextDeterminate = new int[n + 1];
        var ordinal = new int[n];
        var seed = 0x9E3779B97F4A7C15UL;
        var indeterminate = 0;
        for (var i = 0; i < n; i++)
        {
            zobrist[i] = SplitMix(ref seed);
            ordinal[i] = _ops[i].Indeterminate ? indeterminate++ : -1;
        }

        nextDeterminate[n] = n;
        for (var i = n - 1; i >= 0; i--) nextDeterminate[i] = _ops[i].Indeterminate ? nextDeterminate[i + 1] : i;
        return (zobrist, nextDeterminate, ordinal, new IndeterminateSets(indeterminate, Reserve, bytes => _memory.Discard(bytes)));
    }

    /// <summary>Adds <paramref name="op"/>; <paramref name="undo"/> says how to take it out again. False when out of memory.</summary>
    private bool Mark(int op, out int previousHigh, out int undo)
    {
        previousHigh = _high;
        if (_ops[op].Indeterminate)
        {
            undo = _indeterminate;
            _indeterminate = _sets.With(_indeterminate, _ordinal[op]);
            _firstPending[_group[op]]++;
            return _indeterminate >= 0;
        }

        if (op > _high)
        {
            // Every determinate operation between the old high and this one is open now (its
            // return is not reached yet), so there are fewer of them than processes.
            undo = _holeCount;
            for (var i = _nextDeterminate[_high + 1]; i < op; i = _nextDeterminate[i + 1]) AddHole(i);
            _high = op;
            return true;
        }

        undo = Array.BinarySearch(_holes, 0, _holeCount, op);
        Array.Copy(_holes, undo + 1, _holes, undo, _holeCount - undo - 1);
        _holeCount--;
        _holesHash ^= _zobrist[op];
        return true;
    }

    private void Unmark(int op, int previousHigh, int undo)
    {
        if (_ops[op].Indeterminate)
        {
            _indeterminate = undo;
            _firstPending[_group[op]]--;
        }
        else if (op > previousHigh)
        {
            while (_holeCount > undo) _holesHash ^= _zobrist[_holes[--_holeCount]];
            _high = previousHigh;
        }
        else
        {
            Array.Copy(_holes, undo, _holes, undo + 1, _holeCount - undo);
            _holes[undo] = op;
            _holeCount++;
            _holesHash ^= _zobrist[op];
        }
    }

    private void AddHole(int op)
    {
        if (_holeCount == _holes.Length) Array.Resize(ref _holes, _holes.Length * 2);
        _holes[_holeCount++] = op;
        _holesHash ^= _zobrist[op];
    }

    private ulong KeyHash(in TState state)
    {
        var h = _holesHash ^ Mix((ulong)(uint)_high) ^ BitOperations.RotateLeft(Mix(((ulong)(uint)_indeterminate << 32) | 0x5bd1e995UL), 23);
        return Mix(h ^ BitOperations.RotateLeft((ulong)state.GetHashCode() * 0x9E3779B97F4A7C15UL, 17));
    }

    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private static ulong SplitMix(ref ulong x) => Mix(x += 0x9E3779B97F4A7C15UL);

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
