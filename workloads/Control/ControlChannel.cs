using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ElectionJepsen.Workloads.Control;

/// <summary>
/// Frames over a stream: a 4-byte big-endian length, then the message as UTF-8 JSON. Sends
/// are serialized; one reader at a time.
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

    public async Task SendAsync(ControlMessage message, CancellationToken cancel = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, Json);
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(frame, body.Length);
        body.CopyTo(frame, 4);
        await _sending.WaitAsync(cancel);
        try
        {
            await stream.WriteAsync(frame, cancel);
            await stream.FlushAsync(cancel);
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

    public async ValueTask DisposeAsync()
    {
        await stream.DisposeAsync();
        _sending.Dispose();
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
