using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ElectionJepsen.Harness.Nemeses.Delay.Nfqueue;

/// <summary>What a delayer did, printed when it stops.</summary>
public sealed record DelayerStats(long Packets, long Delayed, long Duplicated, long Lost, long ReleasedAtStop, int MostHeld, long Overruns)
{
    public override string ToString() =>
        $"delayer stats: {Packets} packets, {Delayed} delayed, {Duplicated} duplicated, {Lost} lost, {ReleasedAtStop} released at stop, at most {MostHeld} held at once, {Overruns} receive overruns";
}

/// <summary>
/// Holds each packet of an NFQUEUE for a delay drawn from the profile, then accepts it;
/// drops some (loss) and sends a copy of some (duplication) through a raw socket whose
/// packets carry <see cref="Mark"/>, which the queue's rule lets pass. When stopped it
/// accepts every packet it still holds: nothing is dropped silently.
/// </summary>
public sealed class PacketDelayer(DelayProfile profile, int seed)
{
    /// <summary>The firewall mark of duplicates, so they are not queued again.</summary>
    public const int Mark = 0x4a45;

    private readonly Random _random = new(seed);
    private readonly PriorityQueue<QueuedPacket, long> _held = new();
    private long _packets, _delayed, _duplicated, _lost;
    private int _mostHeld;

    /// <summary>Runs until cancelled; the queue must be bound by the caller's namespace's rule.</summary>
    public DelayerStats Run(ushort queueNumber, Action ready, CancellationToken stop)
    {
        using var queue = new PacketQueue(queueNumber);
        using var raw = profile.Duplicate > 0 ? RawSocket() : null;
        ready();
        while (!stop.IsCancellationRequested)
        {
            queue.Receive(WaitMs(), profile.Duplicate > 0, p => Take(queue, p));
            ReleaseDue(queue, raw, Stopwatch.GetTimestamp());
        }

        var held = _held.Count;
        ReleaseDue(queue, raw, long.MaxValue);
        return new DelayerStats(_packets, _delayed, _duplicated, _lost, held, _mostHeld, queue.Overruns);
    }

    private void Take(PacketQueue queue, QueuedPacket packet)
    {
        _packets++;
        if (profile.Loss > 0 && _random.NextDouble() < profile.Loss)
        {
            _lost++;
            queue.Drop(packet.Id);
            return;
        }

        var duplicate = profile.Duplicate > 0 && _random.NextDouble() < profile.Duplicate;
        var delay = profile.Draw(_random);
        var keep = duplicate ? packet : packet with { Bytes = null };
        if (delay <= TimeSpan.Zero && !duplicate)
        {
            queue.Accept(packet.Id);
            return;
        }

        _delayed++;
        _held.Enqueue(keep, Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency));
        _mostHeld = Math.Max(_mostHeld, _held.Count);
    }

    private void ReleaseDue(PacketQueue queue, Socket? raw, long now)
    {
        while (_held.TryPeek(out var packet, out var due) && due <= now)
        {
            _held.Dequeue();
            queue.Accept(packet.Id);
            if (packet.Bytes is { } bytes && raw is not null && SendCopy(raw, bytes)) _duplicated++;
        }
    }

    /// <summary>How long to wait for packets: until the next one is due, at most 20 ms (to notice a stop).</summary>
    private int WaitMs()
    {
        if (!_held.TryPeek(out _, out var due)) return 20;
        var ms = (due - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
        return (int)Math.Clamp(ms, 0, 20);
    }

    private static Socket RawSocket()
    {
        // IPPROTO_RAW: we write the whole IPv4 packet, header included.
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Raw);
        s.SetRawSocketOption(1 /* SOL_SOCKET */, 36 /* SO_MARK */, BitConverter.GetBytes(Mark));
        return s;
    }

    private static bool SendCopy(Socket raw, byte[] packet)
    {
        if (packet.Length < 20 || (packet[0] >> 4) != 4) return false;
        try
        {
            raw.SendTo(packet, new IPEndPoint(new IPAddress(packet.AsSpan(16, 4)), 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
