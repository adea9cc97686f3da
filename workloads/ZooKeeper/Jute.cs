using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace ElectionJepsen.Workloads.ZooKeeper;

/// <summary>
/// Jute, ZooKeeper's serialization: big-endian ints and longs, one-byte booleans, strings and
/// buffers as a 4-byte length (-1 for null) then the bytes, vectors as a count then elements.
/// </summary>
public sealed class JuteWriter
{
    private readonly ArrayBufferWriter<byte> _out = new(256);

    public ReadOnlySpan<byte> Written => _out.WrittenSpan;

    public JuteWriter Int(int v)
    {
        BinaryPrimitives.WriteInt32BigEndian(_out.GetSpan(4), v);
        _out.Advance(4);
        return this;
    }

    public JuteWriter Long(long v)
    {
        BinaryPrimitives.WriteInt64BigEndian(_out.GetSpan(8), v);
        _out.Advance(8);
        return this;
    }

    public JuteWriter Bool(bool v)
    {
        _out.GetSpan(1)[0] = v ? (byte)1 : (byte)0;
        _out.Advance(1);
        return this;
    }

    public JuteWriter Buffer(ReadOnlySpan<byte> bytes, bool isNull = false)
    {
        if (isNull) return Int(-1);
        Int(bytes.Length);
        _out.Write(bytes);
        return this;
    }

    public JuteWriter String(string? s) => s is null ? Int(-1) : Buffer(Encoding.UTF8.GetBytes(s));

    public JuteWriter Vector<T>(IReadOnlyList<T>? items, Action<JuteWriter, T> write)
    {
        if (items is null) return Int(-1);
        Int(items.Count);
        foreach (var item in items) write(this, item);
        return this;
    }

    /// <summary>The record with its 4-byte length in front, as it goes on the wire.</summary>
    public byte[] Framed()
    {
        var frame = new byte[4 + _out.WrittenCount];
        BinaryPrimitives.WriteInt32BigEndian(frame, _out.WrittenCount);
        _out.WrittenSpan.CopyTo(frame.AsSpan(4));
        return frame;
    }
}

/// <summary>Reads jute from a received frame (without its length prefix).</summary>
public ref struct JuteReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _at;

    public readonly bool AtEnd => _at >= _data.Length;

    public int Int()
    {
        var v = BinaryPrimitives.ReadInt32BigEndian(Take(4));
        return v;
    }

    public long Long() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public bool Bool() => Take(1)[0] != 0;

    public byte[]? Buffer()
    {
        var n = Int();
        return n < 0 ? null : Take(n).ToArray();
    }

    public string? String()
    {
        var n = Int();
        return n < 0 ? null : Encoding.UTF8.GetString(Take(n));
    }

    public List<string>? Strings()
    {
        var n = Int();
        if (n < 0) return null;
        var list = new List<string>(n);
        for (var i = 0; i < n; i++) list.Add(String() ?? string.Empty);
        return list;
    }

    private ReadOnlySpan<byte> Take(int n)
    {
        if (n < 0 || _at + n > _data.Length) throw new InvalidDataException($"jute record ends at byte {_data.Length}, {n} more wanted at {_at}");
        var span = _data.Slice(_at, n);
        _at += n;
        return span;
    }
}
