using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using ElectionJepsen.Workloads.Control;

namespace ElectionJepsen.Workloads.Tests.Control;

/// <summary>
/// The candidate's end of the channel against a fake harness over a real Unix socket: a bad
/// frame from the harness is logged and closes the connection, as a lost connection does.
/// </summary>
public sealed class HarnessClientTests : IAsyncLifetime
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ej-client-" + Guid.NewGuid().ToString("N"));
    private Socket _listener = null!;

    private string SocketPath => Path.Combine(_dir, "control.sock");

    public static TheoryData<string> Bad => [.. BadFrames.Framing.Keys.Concat(BadFrames.FromHarness.Keys)];

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(SocketPath));
        _listener.Listen();
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        _listener.Dispose();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Theory]
    [MemberData(nameof(Bad))]
    public async Task A_bad_frame_from_the_harness_is_logged_and_closes_the_connection_as_a_lost_one_does(string frame)
    {
        var log = new StringWriter();
        var accepted = _listener.AcceptAsync();
        var client = await HarnessClient.ConnectAsync(SocketPath, "c1", () => (true, 3), log, CancellationToken.None);
        using var harness = await accepted;
        Assert.Equal("hello", (await ReadFrameAsync(harness)).GetProperty("type").GetString());

        var announce = client.AnnounceAsync(ControlFunctions.Acquire, null, CancellationToken.None);
        Assert.Equal("announce", (await ReadFrameAsync(harness)).GetProperty("type").GetString());
        await harness.SendAsync(Bytes(frame));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => announce.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(client.Closed.IsCancellationRequested);
        Assert.Equal(0, await harness.ReceiveAsync(new byte[1].AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        await client.DisposeAsync();
        var line = Assert.Single(log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("control: a bad frame from the harness (", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', line);
    }

    [Fact]
    public async Task A_reply_of_the_wrong_type_is_a_bad_frame()
    {
        var log = new StringWriter();
        var accepted = _listener.AcceptAsync();
        await using var client = await HarnessClient.ConnectAsync(SocketPath, "c1", () => (false, 0), log, CancellationToken.None);
        using var harness = await accepted;
        await ReadFrameAsync(harness);

        var announce = client.AnnounceAsync(ControlFunctions.Acquire, null, CancellationToken.None);
        var id = (await ReadFrameAsync(harness)).GetProperty("id").GetInt64();
        await harness.SendAsync(BadFrames.Body($"{{\"type\":\"written\",\"id\":{id},\"outcome\":\"ok\"}}"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => announce.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains($"a written where ack {id} was due", log.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_too_long_for_a_frame_is_cut_whole_and_passes_the_harnesss_checks()
    {
        var accepted = _listener.AcceptAsync();
        await using var client = await HarnessClient.ConnectAsync(SocketPath, "c1", () => (false, 0), TextWriter.Null, CancellationToken.None);
        await using var harness = new ControlChannel(new NetworkStream(await accepted, ownsSocket: true), ControlPeer.Candidate);
        Assert.Equal("hello", (await harness.ReceiveAsync())!.Type);

        // The cut falls between the halves of the emoji.
        await client.EventAsync(new string('x', ControlRules.MaxText - 4) + "\U0001F600" + new string('y', 100), CancellationToken.None);

        var text = (await harness.ReceiveAsync())!.Text!;
        Assert.Equal(new string('x', ControlRules.MaxText - 4) + "...", text);
    }

    [Fact]
    public async Task The_candidate_exits_cleanly_without_a_stack_trace_on_a_bad_first_frame()
    {
        var accepted = _listener.AcceptAsync();
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "ElectionJepsen.Candidate.dll"), "--node", "c1", "--control", SocketPath, "--backend", "raft", "--peers", "c1=127.0.0.1:1", "--data-dir", _dir })
        {
            psi.ArgumentList.Add(a);
        }

        using var candidate = Process.Start(psi)!;
        var stderr = candidate.StandardError.ReadToEndAsync();
        using var harness = await accepted.WaitAsync(TimeSpan.FromSeconds(60));
        await ReadFrameAsync(harness);
        await harness.SendAsync(Bytes("length 2^31-1"));

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await candidate.WaitForExitAsync(limit.Token);
        Assert.Equal(0, candidate.ExitCode);
        var errors = await stderr;
        Assert.Contains("control: a bad frame from the harness (a control frame of 2147483647 bytes", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
    }

    private static byte[] Bytes(string frame) => BadFrames.Framing.TryGetValue(frame, out var b) ? b : BadFrames.FromHarness[frame];

    private static async Task<JsonElement> ReadFrameAsync(Socket socket)
    {
        var header = new byte[4];
        await ReadExactlyAsync(socket, header);
        var body = new byte[BinaryPrimitives.ReadInt32BigEndian(header)];
        await ReadExactlyAsync(socket, body);
        return JsonDocument.Parse(Encoding.UTF8.GetString(body)).RootElement.Clone();
    }

    private static async Task ReadExactlyAsync(Socket socket, byte[] buffer)
    {
        for (var read = 0; read < buffer.Length;)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read)).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            if (n == 0) throw new IOException("closed");
            read += n;
        }
    }
}
