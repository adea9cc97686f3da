namespace ElectionJepsen.Checkers.Linearizability;

/// <summary>
/// The search's memory of (linearized set, model state) pairs already explored. A set is
/// stored compactly, never as a full bitmap: the watermark W (every determinate operation
/// before W in call order is linearized), the few operations after W that are linearized
/// too (the window), and a 64-bit hash and count of the indeterminate operations before W
/// that were linearized. Entries live in flat arrays (no object per entry), found by an
/// incremental hash of the whole set. When a generation fills its share of the memory
/// budget the older generation is dropped: forgetting only costs repeated work, never a
/// wrong answer.
/// </summary>
internal sealed class Memo<TState>
    where TState : struct, IEquatable<TState>
{
    private readonly long _entriesPerGeneration;
    private Generation _young = new();
    private Generation _old = new();

    public Memo(long memoryBudgetBytes, int bytesPerEntry)
    {
        _entriesPerGeneration = Math.Max(1024, memoryBudgetBytes / 2 / bytesPerEntry);
    }

    public long Count => _young.Count + _old.Count;

    /// <summary>Adds the pair; false when it was already there.</summary>
    public bool Add(ulong hash, int watermark, ReadOnlySpan<int> window, ulong infoHash, int infoCount, in TState state)
    {
        if (_young.Contains(hash, watermark, window, infoHash, infoCount, state)) return false;
        if (_old.Contains(hash, watermark, window, infoHash, infoCount, state)) return false;
        if (_young.Count >= _entriesPerGeneration)
        {
            _old = _young;
            _young = new Generation();
        }

        _young.Insert(hash, watermark, window, infoHash, infoCount, state);
        return true;
    }

    private sealed class Generation
    {
        private int[] _buckets = new int[1 << 12];
        private Entry[] _entries = new Entry[1 << 11];
        private TState[] _states = new TState[1 << 11];
        private int[] _windows = new int[1 << 12];
        private int _windowsUsed;

        public int Count { get; private set; }

        public bool Contains(ulong hash, int watermark, ReadOnlySpan<int> window, ulong infoHash, int infoCount, in TState state)
        {
            var mask = _buckets.Length - 1;
            for (var b = (int)(hash & (ulong)mask); ; b = (b + 1) & mask)
            {
                var i = _buckets[b] - 1;
                if (i < 0) return false;
                ref readonly var e = ref _entries[i];
                if (e.Hash == hash && e.Watermark == watermark && e.InfoHash == infoHash && e.InfoCount == infoCount &&
                    e.WindowLength == window.Length && _states[i].Equals(state) &&
                    _windows.AsSpan(e.WindowStart, e.WindowLength).SequenceEqual(window))
                {
                    return true;
                }
            }
        }

        public void Insert(ulong hash, int watermark, ReadOnlySpan<int> window, ulong infoHash, int infoCount, in TState state)
        {
            if (Count == _entries.Length)
            {
                Array.Resize(ref _entries, Count * 2);
                Array.Resize(ref _states, Count * 2);
            }

            if (_windowsUsed + window.Length > _windows.Length)
            {
                Array.Resize(ref _windows, Math.Max(_windows.Length * 2, _windowsUsed + window.Length));
            }

            window.CopyTo(_windows.AsSpan(_windowsUsed));
            _entries[Count] = new Entry(hash, watermark, _windowsUsed, window.Length, infoHash, infoCount);
            _states[Count] = state;
            _windowsUsed += window.Length;
            Count++;
            if (Count * 2 > _buckets.Length) Rehash();
            else Place(Count - 1, hash);
        }

        private void Place(int index, ulong hash)
        {
            var mask = _buckets.Length - 1;
            var b = (int)(hash & (ulong)mask);
            while (_buckets[b] != 0) b = (b + 1) & mask;
            _buckets[b] = index + 1;
        }

        private void Rehash()
        {
            _buckets = new int[_buckets.Length * 2];
            for (var i = 0; i < Count; i++) Place(i, _entries[i].Hash);
        }
    }

    private readonly record struct Entry(ulong Hash, int Watermark, int WindowStart, int WindowLength, ulong InfoHash, int InfoCount);
}
