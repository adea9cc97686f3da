using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ElectionJepsen.Workloads.Control;

namespace ElectionJepsen.Workloads.Tests.Control;

/// <summary>The control channel's frames over a real loopback TCP connection.</summary>
public sealed class ControlChannelTests : IAsyncLifetime
{
    private Socket _a = null!;
    private Socket _b = null!;

    public async Task InitializeAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        _a = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accepted = listener.AcceptAsync();
        await _a.ConnectAsync(listener.LocalEndPoint!);
        _b = await accepted;
    }

    public Task DisposeAsync()
    {
        _a.Dispose();
        _b.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_message_arrives_whole_and_a_closed_peer_reads_as_the_end()
    {
        await using var a = new ControlChannel(new NetworkStream(_a, ownsSocket: false), ControlPeer.Candidate);
        await using var b = new ControlChannel(new NetworkStream(_b, ownsSocket: false), ControlPeer.Harness);

        await a.SendAsync(new ControlMessage(MessageTypes.Claim) { Id = 42 });
        var m = await b.ReceiveAsync();
        Assert.Equal(MessageTypes.Claim, m!.Type);
        Assert.Equal(42, m.Id);

        _a.Shutdown(SocketShutdown.Send);
        Assert.Null(await b.ReceiveAsync());
    }

    [Fact]
    public async Task A_frame_longer_than_the_limit_is_refused()
    {
        await using var b = new ControlChannel(new NetworkStream(_b, ownsSocket: false), ControlPeer.Harness);
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, ControlChannel.MaxFrame + 1);
        await _a.SendAsync(header);

        await Assert.ThrowsAsync<ControlProtocolException>(() => b.ReceiveAsync());
    }

    [Fact]
    public async Task A_send_on_a_closed_channel_fails_as_a_lost_connection_does()
    {
        var a = new ControlChannel(new NetworkStream(_a, ownsSocket: false), ControlPeer.Candidate);
        await a.DisposeAsync();

        var e = await Assert.ThrowsAsync<IOException>(() => a.SendAsync(new ControlMessage(MessageTypes.Claim) { Id = 1 }));
        Assert.Contains("closed", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The race a killed candidate makes: its connection closes (and the server disposes the
    /// channel) while the harness is sending it a claim. Every send must end in an
    /// IOException or succeed, never an ObjectDisposedException that ends the run.
    /// </summary>
    [Fact]
    public async Task Sends_racing_the_close_fail_with_io_exceptions_only()
    {
        var a = new ControlChannel(new NetworkStream(_a, ownsSocket: false), ControlPeer.Candidate);
        var sends = Enumerable.Range(0, 200).Select(i => Task.Run(() => a.SendAsync(new ControlMessage(MessageTypes.Claim) { Id = i }))).ToList();
        await Task.Yield();
        await a.DisposeAsync();

        // Whether any of those overlapped the close is up to the scheduler; sends made after
        // it are certain to meet it, so the test always sees a closed channel's failure.
        sends.AddRange(Enumerable.Range(200, 10).Select(i => a.SendAsync(new ControlMessage(MessageTypes.Claim) { Id = i })));
        foreach (var send in sends)
        {
            try
            {
                await send;
            }
            catch (Exception e)
            {
                Assert.IsType<IOException>(e);
            }
        }

        Assert.All(sends[200..], s => Assert.True(s.IsFaulted));
    }
}
