using System.Buffers;

namespace ElectionJepsen.Checkers.History;

/// <summary>A growable byte buffer that can be reset and reused without reallocating.</summary>
internal sealed class ArrayBufferWriterLite(int initialCapacity = 256) : IBufferWriter<byte>
{
    private byte[] _buffer = new byte[initialCapacity];

    public int Count { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Count);

    public void Clear() => Count = 0;

    /// <summary>Forgets what was written after the first <paramref name="count"/> bytes.</summary>
    public void Truncate(int count) => Count = Math.Min(count, Count);

    public void Advance(int count) => Count += count;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Count));
        Count += bytes.Length;
    }

    public void Write(byte b)
    {
        Ensure(1);
        _buffer[Count++] = b;
    }

    /// <summary>Writes text that is known to be ASCII, one byte a character.</summary>
    public void WriteAscii(string text)
    {
        Ensure(text.Length);
        for (var i = 0; i < text.Length; i++) _buffer[Count + i] = (byte)text[i];
        Count += text.Length;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsMemory(Count);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _buffer.AsSpan(Count);
    }

    private void Ensure(int sizeHint)
    {
        var need = Count + Math.Max(sizeHint, 1);
        if (need > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(need, _buffer.Length * 2));
        }
    }
}
