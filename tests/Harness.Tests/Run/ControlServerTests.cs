using System.Net.Sockets;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.TestSupport;
using ElectionJepsen.Workloads.Control;
using ElectionJepsen.Workloads.Tests.Control;
using Microsoft.Extensions.Logging;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Harness.Tests.Run;

/// <summary>
/// The harness's end of the control channel over a real Unix socket: a connection that sends
/// a malformed frame, first or in the middle of an operation, is logged and dropped; the
/// other candidates are served on, and the history stays valid with nothing made up in it.
/// </summary>
public sealed partial class ControlServerTests : IAsyncLifetime
{
    private static readonly HashSet<string> Recorded = ["acquire", "release", "claim", "write", "job", "note"];
    private readonly TempDir _dir = new();
    private readonly Lines _log = new();
    private HistoryWriter _history = null!;
    private Dictionary<string, CandidateSession> _sessions = null!;
    private ControlServer _server = null!;

    private string SocketPath => Path.Combine(_dir.Path, "control.sock");

    private string HistoryPath => Path.Combine(_dir.Path, "history.jsonl");

    public static TheoryData<string> Bad => [.. BadFrames.Framing.Keys.Concat(BadFrames.FromCandidate.Keys)];

    public Task InitializeAsync()
    {
        _history = new HistoryWriter(HistoryPath);
        var ledger = new Ledger(fencing: true);
        var leaders = new LeaderTracker();
        _sessions = new[] { "c1", "c2" }.ToDictionary(n => n, n => new CandidateSession(n, _history, ledger, leaders));
        _server = new ControlServer(SocketPath, _sessions, _log);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _history.Dispose();
        _dir.Dispose();
    }

    [Theory]
    [MemberData(nameof(Bad))]
    public async Task A_bad_first_frame_is_logged_and_dropped_and_the_others_are_served_on(string frame)
    {
        using var rogue = await ConnectAsync();
        await rogue.SendAsync(Bytes(frame));

        await AssertDroppedAsync(rogue);
        await AssertServedAsync("c1");
        var line = Assert.Single(_log.All);
        Assert.StartsWith("control: a connection broke the protocol (", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', line);
        AssertValidHistory();
    }

    [Theory]
    [MemberData(nameof(Bad))]
    public async Task A_bad_frame_in_the_middle_of_a_campaign_completes_it_as_info_and_drops_the_connection(string frame)
    {
        using var c2 = await ConnectAsync();
        await c2.SendAsync(BadFrames.Body("{\"type\":\"hello\",\"node\":\"c2\"}"));
        await c2.SendAsync(BadFrames.Body("{\"type\":\"announce\",\"id\":5,\"f\":\"acquire\"}"));
        await ReadAckAsync(c2);
        await c2.SendAsync(Bytes(frame));

        await AssertDroppedAsync(c2);
        await AssertServedAsync("c1");
        Assert.StartsWith("control: c2 broke the protocol (", Assert.Single(_log.All), StringComparison.Ordinal);
        var campaign = AssertValidHistory().Single(e => e.F == "acquire" && e.Process == "c2" && e.Type != EventType.Invoke);
        Assert.Equal(EventType.Info, campaign.Type);
        Assert.StartsWith("the candidate's connection was dropped: ", campaign.Error, StringComparison.Ordinal);
    }

    private static byte[] Bytes(string frame) => BadFrames.Framing.TryGetValue(frame, out var b) ? b : BadFrames.FromCandidate[frame];

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath));
        return socket;
    }

    /// <summary>The server closed the connection: a read ends.</summary>
    private static async Task AssertDroppedAsync(Socket socket)
    {
        var buffer = new byte[256];
        while (await socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(10)) > 0)
        {
        }
    }

    private static async Task ReadAckAsync(Socket socket)
    {
        var frame = new byte[64];
        var n = await socket.ReceiveAsync(frame.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Contains("\"type\":\"ack\"", System.Text.Encoding.UTF8.GetString(frame, 4, n - 4), StringComparison.Ordinal);
    }

    /// <summary>A well-behaved candidate campaigns, wins, is asked, and writes: every step is served.</summary>
    private async Task AssertServedAsync(string node)
    {
        await using var client = await HarnessClient.ConnectAsync(SocketPath, node, () => (true, 3), CancellationToken.None);
        var id = await client.AnnounceAsync("acquire", null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await client.ReportAsync(id, "acquire", Outcomes.Ok, 3);
        await _sessions[node].ClaimAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        var written = await client.WriteAsync(3, 1, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(written.IsOk);
    }

    /// <summary>The history reads back (the reader's contract) and holds only what the harness records.</summary>
    private List<HistoryEvent> AssertValidHistory()
    {
        _history.Flush();
        var h = HistoryT.Load(HistoryPath);
        Assert.Contains(h.Operations, o => o.Outcome == Outcome.Ok && h.ProcessName(o.Process) == "c1");
        var events = HistoryReader.ReadFile(HistoryPath).ToList();
        Assert.All(events, e => Assert.Contains(e.F, Recorded));
        return events;
    }

    /// <summary>What the server logs, a line an entry.</summary>
    private sealed class Lines : ILogger
    {
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> All
        {
            get
            {
                lock (_lines) return [.. _lines];
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lines) _lines.Add(formatter(state, exception));
        }
    }
}
