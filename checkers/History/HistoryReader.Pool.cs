using System.Collections.Concurrent;

namespace ElectionJepsen.Checkers.History;

public sealed partial class HistoryReader
{
    /// <summary>
    /// The reader's own recycling of its block buffers and event arrays. They are large
    /// (about a megabyte), and the shared array pool keeps only a few of those, so without
    /// this each block would land on the large-object heap and bring on full collections.
    /// </summary>
    private sealed class Recycler
    {
        private readonly ConcurrentBag<byte[]> _buffers = [];
        private readonly ConcurrentBag<HistoryEvent[]> _events = [];

        public byte[] Buffer(int size)
        {
            if (size <= BufferSize && _buffers.TryTake(out var b)) return b;
            return new byte[Math.Max(size, BufferSize)];
        }

        public void Return(byte[] buffer)
        {
            if (buffer.Length == BufferSize) _buffers.Add(buffer);
        }

        public HistoryEvent[] Events(int count)
        {
            if (count <= EventsSize && _events.TryTake(out var e)) return e;
            return new HistoryEvent[Math.Max(count, EventsSize)];
        }

        public void Return(HistoryEvent[] events)
        {
            if (events.Length == EventsSize) _events.Add(events);
        }

        private const int BufferSize = (2 * BlockSize) + 4096;
        private const int EventsSize = BlockSize / 16;
    }
}
