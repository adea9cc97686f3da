using System.Runtime.InteropServices;

namespace ElectionJepsen.Harness.Nemeses.Delay.Nfqueue;

/// <summary>
/// The parts of libnetfilter_queue (Debian's <c>libnetfilter-queue1</c>) the delayer uses:
/// open a handle, bind one queue of this network namespace, copy whole packets to user
/// space, and give each packet its verdict by id.
/// </summary>
internal static unsafe partial class NfqNative
{
    public const string Library = "libnetfilter_queue.so.1";

    public const byte CopyMeta = 1;
    public const byte CopyPacket = 2;
    public const uint Drop = 0;
    public const uint Accept = 1;

    /// <summary>NFQA_CFG_F_FAIL_OPEN: when the queue is full, packets pass instead of being dropped.</summary>
    public const uint FailOpen = 1;

    public const ushort AfInet = 2;

    [LibraryImport(Library, EntryPoint = "nfq_open")]
    public static partial nint Open();

    [LibraryImport(Library, EntryPoint = "nfq_close")]
    public static partial int Close(nint handle);

    [LibraryImport(Library, EntryPoint = "nfq_bind_pf")]
    public static partial int BindProtocolFamily(nint handle, ushort family);

    [LibraryImport(Library, EntryPoint = "nfq_create_queue")]
    public static partial nint CreateQueue(nint handle, ushort number, delegate* unmanaged<nint, nint, nint, nint, int> callback, nint data);

    [LibraryImport(Library, EntryPoint = "nfq_destroy_queue")]
    public static partial int DestroyQueue(nint queue);

    [LibraryImport(Library, EntryPoint = "nfq_set_mode")]
    public static partial int SetMode(nint queue, byte mode, uint range);

    [LibraryImport(Library, EntryPoint = "nfq_set_queue_maxlen")]
    public static partial int SetQueueMaxLength(nint queue, uint length);

    [LibraryImport(Library, EntryPoint = "nfq_set_queue_flags")]
    public static partial int SetQueueFlags(nint queue, uint mask, uint flags);

    [LibraryImport(Library, EntryPoint = "nfq_fd")]
    public static partial int FileDescriptor(nint handle);

    [LibraryImport(Library, EntryPoint = "nfq_handle_packet")]
    public static partial int HandlePacket(nint handle, byte* buffer, int length);

    [LibraryImport(Library, EntryPoint = "nfq_set_verdict")]
    public static partial int SetVerdict(nint queue, uint id, uint verdict, uint length, byte* buffer);

    [LibraryImport(Library, EntryPoint = "nfq_get_msg_packet_hdr")]
    public static partial nint PacketHeader(nint data);

    [LibraryImport(Library, EntryPoint = "nfq_get_payload")]
    public static partial int Payload(nint data, byte** payload);

    [LibraryImport(Library, EntryPoint = "nfq_nfnlh")]
    public static partial nint Netlink(nint handle);

    [LibraryImport("libnfnetlink.so.0", EntryPoint = "nfnl_rcvbufsiz")]
    public static partial uint ReceiveBufferSize(nint netlink, uint size);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Receive(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    public const short PollIn = 1;
    public const int MsgDontWait = 0x40;
    public const int ENOBUFS = 105;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
}
