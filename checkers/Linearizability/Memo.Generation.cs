namespace ElectionJepsen.Checkers.Linearizability;

internal sealed partial class Memo<TState>
{
    private readonly record struct Entry(ulong Hash, int High, int HolesStart, int HolesLength, int Indeterminate);

    /// <summary>One generation: an open-addressing table of entries, their states, and their holes end to end.</summary>
    private sealed class Generation(SearchMemory memory)
    {
        private static readonly int EntryBytes = System.Runtime.CompilerServices.Unsafe.SizeOf<Entry>() + System.Runtime.CompilerServices.Unsafe.SizeOf<TState>();

        private int[] _buckets = [];
        private Entry[] _entries = [];
        private TState[] _states = [];
        private int[] _holes = [];
        private int _holesUsed;
        private long _bytes;

        public int Count { get; private set; }

        public bool Contains(ulong hash, int high, ReadOnlySpan<int> holes, int indeterminate, in TState state)
        {
            if (Count == 0) return false;
            var mask = _buckets.Length - 1;
            for (var b = (int)(hash & (ulong)mask); ; b = (b + 1) & mask)
            {
                var i = _buckets[b] - 1;
                if (i < 0) return false;
                ref readonly var e = ref _entries[i];
                if (e.Hash == hash && e.High == high && e.Indeterminate == indeterminate && e.HolesLength == holes.Length &&
                    _states[i].Equals(state) && _holes.AsSpan(e.HolesStart, e.HolesLength).SequenceEqual(holes))
                {
                    return true;
                }
            }
        }

        /// <summary>Inserts the entry; false, changing nothing, when the memory to grow is refused.</summary>
        public bool TryInsert(ulong hash, int high, ReadOnlySpan<int> holes, int indeterminate, in TState state)
        {
            if (Count == _entries.Length && !Resize(ref _entries, ref _states, Math.Max(1024, Count * 2))) return false;
            if (_holesUsed + holes.Length > _holes.Length && !Resize(ref _holes, Math.Max(Math.Max(4096, _holes.Length * 2), _holesUsed + holes.Length))) return false;
            if ((Count + 1) * 2 > _buckets.Length && !Rehash(Math.Max(2048, _buckets.Length * 2))) return false;
            holes.CopyTo(_holes.AsSpan(_holesUsed));
            _entries[Count] = new Entry(hash, high, _holesUsed, holes.Length, indeterminate);
            _states[Count] = state;
            _holesUsed += holes.Length;
            Place(Count, hash);
            Count++;
            return true;
        }

        /// <summary>Gives back the memory; returns how much that was.</summary>
        public long Drop()
        {
            var bytes = _bytes;
            memory.Discard(bytes);
            _bytes = 0;
            (_buckets, _entries, _states, _holes, _holesUsed, Count) = ([], [], [], [], 0, 0);
            return bytes;
        }

        // Growing holds the old array and the new one at once: both are reserved until the copy is made.
        private bool Resize(ref Entry[] entries, ref TState[] states, int size)
        {
            long before = (long)entries.Length * EntryBytes, after = (long)size * EntryBytes;
            if (!Take(after)) return false;
            Array.Resize(ref entries, size);
            Array.Resize(ref states, size);
            Give(before);
            return true;
        }

        private bool Resize(ref int[] holes, int size)
        {
            if (!Take((long)size * sizeof(int))) return false;
            var before = (long)holes.Length * sizeof(int);
            Array.Resize(ref holes, size);
            Give(before);
            return true;
        }

        private bool Rehash(int size)
        {
            if (!Take((long)size * sizeof(int))) return false;
            var before = (long)_buckets.Length * sizeof(int);
            _buckets = new int[size];
            for (var i = 0; i < Count; i++) Place(i, _entries[i].Hash);
            Give(before);
            return true;
        }

        private void Place(int index, ulong hash)
        {
            var mask = _buckets.Length - 1;
            var b = (int)(hash & (ulong)mask);
            while (_buckets[b] != 0) b = (b + 1) & mask;
            _buckets[b] = index + 1;
        }

        private bool Take(long bytes)
        {
            if (!memory.TryReserve(bytes)) return false;
            _bytes += bytes;
            return true;
        }

        private void Give(long bytes)
        {
            memory.Discard(bytes);
            _bytes -= bytes;
        }
    }
}
