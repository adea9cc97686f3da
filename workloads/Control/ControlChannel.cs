using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ElectionJepsen.Workloads.Control;

/// <summary>
/// Frames over a stream: a 4-byte big-endian length (1 to <see cref="MaxFrame"/>), then the
/// message as UTF-8 JSON. What arrives is checked where it arrives: the length, the JSON
/// (strict types, no unknown or repeated members, shallow), and the message against
/// <see cref="ControlRules"/> for the <paramref name="peer"/> at the other end; a frame that
/// fails is a <see cref="ControlProtocolException"/>. Sends are serialized; one reader at a
/// time. A send on a channel that is closed, or closes while the send waits, fails with an
/// <see cref="IOException"/>, as a send to a peer that went away does: the two are the same
/// event to the caller.
/// </summary>
public sealed class ControlChannel(Stream stream, ControlPeer peer) : IAsyncDisposable
{
    public const int MaxFrame = 64 * 1024;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        AllowDuplicateProperties = false,
        MaxDepth = 4,
    };

    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly byte[] _header = new byte[4];
    private volatile bool _closed;

    public async Task SendAsync(ControlMessage message, CancellationToken cancel = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, Json);
        if (body.Length > MaxFrame) throw new ControlProtocolException($"a {message.Type} message of {body.Length} bytes is longer than a frame ({MaxFrame})");
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

    /// <summary>The next message, or null when the other side closed the channel; a <see cref="ControlProtocolException"/> on a bad frame.</summary>
    public async Task<ControlMessage?> ReceiveAsync(CancellationToken cancel = default)
    {
        if (!await ReadExactlyOrEndAsync(_header, cancel)) return null;
        var length = BinaryPrimitives.ReadInt32BigEndian(_header);
        if (length is <= 0 or > MaxFrame) throw new ControlProtocolException($"a control frame of {length} bytes (1 to {MaxFrame} allowed)");
        var body = new byte[length];
        if (!await ReadExactlyOrEndAsync(body, cancel)) return null;
        ControlMessage? message;
        try
        {
            message = JsonSerializer.Deserialize<ControlMessage>(body, Json);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            throw new ControlProtocolException($"not a control message: {ControlRules.Printable(e.Message)}");
        }

        if (message is null) throw new ControlProtocolException("not a control message: null");
        if (ControlRules.Problem(message, peer) is { } problem) throw new ControlProtocolException(ControlRules.Printable(problem));
        return message;
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
