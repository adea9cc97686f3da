using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace ElectionJepsen.Harness.Nemeses.Delay.Nfqueue;

/// <summary>A packet handed to user space: its queue id and, when asked for, a copy of its bytes.</summary>
internal readonly record struct QueuedPacket(uint Id, byte[]? Bytes);

/// <summary>
/// One NFQUEUE of this network namespace, bound through libnetfilter_queue: packets that an
/// iptables <c>-j NFQUEUE</c> rule sends here wait in the kernel until they get a verdict.
/// Not thread-safe: one loop receives and gives verdicts.
/// </summary>
internal sealed unsafe class PacketQueue : IDisposable
{
    private readonly nint _handle;
    private readonly nint _queue;
    private readonly GCHandle _self;
    private readonly byte[] _buffer = GC.AllocateArray<byte>(1 << 17, pinned: true);
    private readonly bool _copyBytes;
    private Action<QueuedPacket>? _onPacket;
    private Exception? _failed;

    /// <summary>Binds queue <paramref name="number"/>; <paramref name="copyBytes"/> asks the kernel for each packet's bytes too (only duplication needs them).</summary>
    public PacketQueue(ushort number, bool copyBytes, uint maxLength = 65536)
    {
        _handle = NfqNative.Open();
        if (_handle == 0) throw new IOException("nfq_open failed: is nfnetlink_queue in the kernel, and are we root in this namespace?");
        _self = GCHandle.Alloc(this);
        NfqNative.BindProtocolFamily(_handle, NfqNative.AfInet);
        _queue = NfqNative.CreateQueue(_handle, number, &OnPacket, GCHandle.ToIntPtr(_self));
        if (_queue == 0)
        {
            Dispose();
            throw new IOException($"could not bind NFQUEUE {number}: another program holds it");
        }

        _copyBytes = copyBytes;
        Check(copyBytes ? NfqNative.SetMode(_queue, NfqNative.CopyPacket, 0xffff) : NfqNative.SetMode(_queue, NfqNative.CopyMeta, 0), "nfq_set_mode");
        Check(NfqNative.SetQueueMaxLength(_queue, maxLength), "nfq_set_queue_maxlen");
        Check(NfqNative.SetQueueFlags(_queue, NfqNative.FailOpen, NfqNative.FailOpen), "nfq_set_queue_flags");
        NfqNative.ReceiveBufferSize(NfqNative.Netlink(_handle), 64u << 20);
        FileDescriptor = NfqNative.FileDescriptor(_handle);
    }

    public int FileDescriptor { get; }

    /// <summary>How often the kernel had more for us than the socket's buffer held (those packets went on unqueued or were lost).</summary>
    public long Overruns { get; private set; }

    /// <summary>Waits up to the timeout for packets and hands each one received to <paramref name="onPacket"/>.</summary>
    /// <returns>How many packets were handed over.</returns>
    public int Receive(int timeoutMs, Action<QueuedPacket> onPacket)
    {
        var fd = new NfqNative.PollFd { Fd = FileDescriptor, Events = NfqNative.PollIn };
        if (NfqNative.Poll(&fd, 1, timeoutMs) <= 0 || (fd.Revents & NfqNative.PollIn) == 0) return 0;
        _onPacket = onPacket;
        var handled = 0;
        fixed (byte* buffer = _buffer)
        {
            // Drain what is there now, but give the caller its turn to release due packets.
            for (var i = 0; i < 256; i++)
            {
                var n = NfqNative.Receive(FileDescriptor, buffer, _buffer.Length, NfqNative.MsgDontWait);
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == NfqNative.ENOBUFS)
                    {
                        Overruns++;
                        continue;
                    }

                    if (errno is NfqNative.EAGAIN or NfqNative.EINTR) break;
                    throw new IOException($"receiving from NFQUEUE failed (errno {errno})");
                }

                NfqNative.HandlePacket(_handle, buffer, (int)n);
                handled++;

                // An exception may not leave the native callback: it is carried out here.
                if (_failed is { } failed)
                {
                    _failed = null;
                    throw new IOException($"handling a queued packet failed: {failed.Message}", failed);
                }
            }
        }

        return handled;
    }

    public void Accept(uint id) => Check(NfqNative.SetVerdict(_queue, id, NfqNative.Accept, 0, null), "nfq_set_verdict");

    public void Drop(uint id) => Check(NfqNative.SetVerdict(_queue, id, NfqNative.Drop, 0, null), "nfq_set_verdict");

    public void Dispose()
    {
        if (_queue != 0) NfqNative.DestroyQueue(_queue);
        if (_handle != 0) NfqNative.Close(_handle);
        if (_self.IsAllocated) _self.Free();
    }

    [UnmanagedCallersOnly]
    private static int OnPacket(nint queue, nint message, nint data, nint self)
    {
        var me = (PacketQueue)GCHandle.FromIntPtr(self).Target!;
        try
        {
            me.Take(data);
        }
        catch (Exception e)
        {
            me._failed ??= e;
        }

        return 0;
    }

    private void Take(nint data)
    {
        var header = NfqNative.PacketHeader(data);
        if (header == 0) return;
        var id = BinaryPrimitives.ReadUInt32BigEndian(new ReadOnlySpan<byte>((void*)header, 4));
        byte[]? bytes = null;
        if (_copyBytes)
        {
            byte* payload;
            var length = NfqNative.Payload(data, &payload);
            if (length > 0) bytes = new ReadOnlySpan<byte>(payload, length).ToArray();
        }

        _onPacket!(new QueuedPacket(id, bytes));
    }

    private static void Check(int result, string what)
    {
        if (result < 0) throw new IOException($"{what} failed");
    }
}
