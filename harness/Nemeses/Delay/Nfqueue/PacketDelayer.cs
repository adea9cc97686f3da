using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ElectionJepsen.Harness.Nemeses.Delay.Nfqueue;

/// <summary>What a delayer did, printed when it stops.</summary>
/// <param name="Overruns">
/// How often the kernel had packets for us that our socket's buffer could not take: those
/// packets wait in the queue unseen and are dropped when the delayer stops (counted, never
/// silent). The buffer is 64 MiB; a run's traffic never came near it here.
/// </param>
public sealed record DelayerStats(long Packets, long Delayed, long Duplicated, long Lost, long ReleasedAtStop, int MostHeld, long Overruns)
{
    public override string ToString() =>
        $"delayer stats: {Packets} packets, {Delayed} delayed, {Duplicated} duplicated, {Lost} lost, {ReleasedAtStop} released at stop, at most {MostHeld} held at once, {Overruns} receive overruns (their packets dropped at stop)";
}

/// <summary>
/// Holds each packet of an NFQUEUE for a delay drawn from the profile, then accepts it;
/// drops some (loss) and sends a copy of some (duplication) through a raw socket whose
/// packets carry <see cref="Mark"/>, which the queue's rule lets pass. When stopped (after
/// the heal removed the rule) it accepts at once what is still waiting on its socket, then
/// every packet it holds: nothing is dropped silently. Packets due at the same moment leave
/// in the order they came.
/// </summary>
public sealed class PacketDelayer(DelayProfile profile, int seed)
{
    /// <summary>The firewall mark of duplicates, so they are not queued again.</summary>
    public const int Mark = 0x4a45;

    private readonly Random _random = new(seed);
    private readonly PriorityQueue<QueuedPacket, (long Due, long Arrival)> _held = new();
    private long _packets, _delayed, _duplicated, _lost;
    private int _mostHeld;

    /// <summary>Runs until cancelled; the queue must be bound by the caller's namespace's rule.</summary>
    public DelayerStats Run(ushort queueNumber, Action ready, CancellationToken stop)
    {
        using var queue = new PacketQueue(queueNumber, copyBytes: profile.Duplicate > 0);
        using var raw = profile.Duplicate > 0 ? RawSocket() : null;
        ready();
        while (!stop.IsCancellationRequested)
        {
            queue.Receive(WaitMs(), p => Take(queue, p));
            ReleaseDue(queue, raw, Stopwatch.GetTimestamp());
        }

        // Stopping: what still waits on the socket passes at once (for a second at most,
        // should the rule still send packets here), then what is held.
        var released = _held.Count;
        var until = Stopwatch.GetTimestamp() + Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < until && queue.Receive(0, p => queue.Accept(p.Id)) is var n && n > 0) released += n;
        ReleaseDue(queue, raw, long.MaxValue);
        return new DelayerStats(_packets, _delayed, _duplicated, _lost, released, _mostHeld, queue.Overruns);
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
        _held.Enqueue(keep, (Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency), _packets));
        _mostHeld = Math.Max(_mostHeld, _held.Count);
    }

    private void ReleaseDue(PacketQueue queue, Socket? raw, long now)
    {
        while (_held.TryPeek(out var packet, out var at) && at.Due <= now)
        {
            _held.Dequeue();
            queue.Accept(packet.Id);
            if (packet.Bytes is { } bytes && raw is not null && SendCopy(raw, bytes)) _duplicated++;
        }
    }

    /// <summary>How long to wait for packets: until the next one is due, at most 20 ms (to notice a stop).</summary>
    private int WaitMs()
    {
        if (!_held.TryPeek(out _, out var at)) return 20;
        var ms = (at.Due - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
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
