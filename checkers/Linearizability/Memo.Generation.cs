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
            var entries = Count == _entries.Length ? Math.Max(1024, Count * 2) : 0;
            var holesSize = _holesUsed + holes.Length > _holes.Length ? Math.Max(Math.Max(4096, _holes.Length * 2), _holesUsed + holes.Length) : 0;
            var buckets = (Count + 1) * 2 > _buckets.Length ? Math.Max(2048, _buckets.Length * 2) : 0;
            if ((entries | holesSize | buckets) != 0 && !Grow(entries, holesSize, buckets)) return false;
            holes.CopyTo(_holes.AsSpan(_holesUsed));
            _entries[Count] = new Entry(hash, high, _holesUsed, holes.Length, indeterminate);
            _states[Count] = state;
            _holesUsed += holes.Length;
            Place(Count, hash);
            Count++;
            return true;
        }

        /// <summary>Gives back the memory.</summary>
        public void Drop()
        {
            memory.Discard(_bytes);
            _bytes = 0;
            (_buckets, _entries, _states, _holes, _holesUsed, Count) = ([], [], [], [], 0, 0);
        }

        /// <summary>
        /// Grows the arrays given a new size (0: as they are). Growing holds the old arrays and
        /// the new ones at once: the new ones are reserved together before any is made (so a
        /// refusal changes nothing), and each old one is given back once copied.
        /// </summary>
        private bool Grow(int entries, int holes, int buckets)
        {
            var bytes = ((long)entries * EntryBytes) + ((long)holes * sizeof(int)) + ((long)buckets * sizeof(int));
            if (!memory.TryReserve(bytes)) return false;
            _bytes += bytes;
            if (entries > 0)
            {
                var before = (long)_entries.Length * EntryBytes;
                Array.Resize(ref _entries, entries);
                Array.Resize(ref _states, entries);
                Give(before);
            }

            if (holes > 0)
            {
                var before = (long)_holes.Length * sizeof(int);
                Array.Resize(ref _holes, holes);
                Give(before);
            }

            if (buckets > 0)
            {
                var before = (long)_buckets.Length * sizeof(int);
                _buckets = new int[buckets];
                for (var i = 0; i < Count; i++) Place(i, _entries[i].Hash);
                Give(before);
            }

            return true;
        }

        private void Place(int index, ulong hash)
        {
            var mask = _buckets.Length - 1;
            var b = (int)(hash & (ulong)mask);
            while (_buckets[b] != 0) b = (b + 1) & mask;
            _buckets[b] = index + 1;
        }

        private void Give(long bytes)
        {
            memory.Discard(bytes);
            _bytes -= bytes;
        }
    }
}
