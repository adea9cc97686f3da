using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ElectionJepsen.Workloads.Control;

/// <summary>
/// Frames over a stream: a 4-byte big-endian length, then the message as UTF-8 JSON. Sends
/// are serialized; one reader at a time. A send on a channel that is closed, or closes while
/// the send waits, fails with an <see cref="IOException"/>, as a send to a peer that went
/// away does: the two are the same event to the caller.
/// </summary>
public sealed class ControlChannel(Stream stream) : IAsyncDisposable
{
    public const int MaxFrame = 1 << 20;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly byte[] _header = new byte[4];
    private volatile bool _closed;

    public async Task SendAsync(ControlMessage message, CancellationToken cancel = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, Json);
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.Length);
        body.CopyTo(frame, 4);
        await _sending.WaitAsync(cancel);
        try
        {
            if (_closed) throw new IOException("the control channel is closed");
            await stream.WriteAsync(frame, cancel);
            await stream.FlushAsync(cancel);
        }
        catch (ObjectDisposedException e)
        {
            throw new IOException("the control channel is closed", e);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>The next message, or null when the other side closed the channel.</summary>
    public async Task<ControlMessage?> ReceiveAsync(CancellationToken cancel = default)
    {
        if (!await ReadExactlyOrEndAsync(_header, cancel)) return null;
        var length = BinaryPrimitives.ReadInt32BigEndian(_header);
        if (length is <= 0 or > MaxFrame) throw new InvalidDataException($"control frame of {length} bytes");
        var body = new byte[length];
        if (!await ReadExactlyOrEndAsync(body, cancel)) return null;
        return JsonSerializer.Deserialize<ControlMessage>(body, Json) ?? throw new InvalidDataException("empty control message");
    }

    /// <summary>Closes the stream. The send lock is left undisposed (it holds no handle), so a sender still waiting for it gets the channel's IOException, not an ObjectDisposedException.</summary>
    public async ValueTask DisposeAsync()
    {
        _closed = true;
        await stream.DisposeAsync();
    }

    private async Task<bool> ReadExactlyOrEndAsync(byte[] buffer, CancellationToken cancel)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancel);
            if (n == 0) return false;
            read += n;
        }

        return true;
    }
}
