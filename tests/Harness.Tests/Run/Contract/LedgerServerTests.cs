using System.Net;
using System.Net.Sockets;
using System.Text;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.Harness.Run.Contract;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Tests.Runtime;
using ElectionJepsen.TestSupport;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Harness.Tests.Run.Contract;

/// <summary>
/// The ledger and the status questions on a real host: reached through the host's own
/// loopback (127.0.0.1 inside its namespace), whatever the host's network does.
/// </summary>
[Collection(NamespacesCollection.Name)]
public sealed class LedgerServerTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private LocalNetwork _net = null!;
    private NamespaceThread _thread = null!;
    private HistoryWriter _history = null!;
    private ContractSession _session = null!;
    private LedgerServer _ledger = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        await Packages.EnsureAsync([.. Prerequisites.Network]);
        _net = await LocalNetwork.CreateAsync(LocalNetwork.NewRunId(), ["c1"]);
        _thread = new NamespaceThread(_net["c1"].Namespace);
        _history = new HistoryWriter(Path.Combine(_dir.Path, "history.jsonl"));
        _session = new ContractSession("c1", _history, new Ledger(fencing: true), new LeaderTracker());
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        _ledger = await LedgerServer.StartAsync(new Dictionary<string, (NamespaceThread, ContractSession)> { ["c1"] = (_thread, _session) }, limit.Token);
        _client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (context, cancel) =>
            {
                var socket = await _thread.RunAsync(() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), cancel);
                return new NetworkStream(socket, ownsSocket: true);
            },
        })
        { Timeout = TimeSpan.FromSeconds(20) };
    }

    public async Task DisposeAsync()
    {
        if (_net is null)
        {
            _dir.Dispose();
            return;
        }

        _client.Dispose();
        await _ledger.DisposeAsync();
        _thread.Dispose();
        _history.Dispose();
        await _net.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<(int Status, string Body)> PostAsync(string path, string body)
    {
        using var response = await _client.PostAsync(LedgerServer.Url + path, new StringContent(body, Encoding.UTF8, "application/json"));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task Calls_through_the_hosts_loopback_are_served_and_recorded()
    {
        Assert.Equal(200, (await PostAsync("/op", "{\"f\": \"acquire\", \"type\": \"invoke\"}")).Status);
        Assert.Equal(200, (await PostAsync("/op", "{\"f\": \"acquire\", \"type\": \"ok\", \"value\": {\"token\": 3}}")).Status);
        var (status, body) = await PostAsync("/write", "{\"token\": 3, \"seq\": 1}");
        Assert.Equal((200, "{\"ok\": true}"), (status, body.Trim()));
        Assert.Equal(409, (await PostAsync("/job", "{\"slot\": 9, \"token\": 2}")).Status);
        Assert.Equal(204, (await PostAsync("/event", "{\"text\": \"hello\"}")).Status);

        var bad = await PostAsync("/write", "{\"seq\": \"one\"}");
        Assert.Equal(400, bad.Status);
        var error = System.Text.Json.JsonDocument.Parse(bad.Body).RootElement;
        Assert.False(error.GetProperty("ok").GetBoolean());
        Assert.StartsWith("\"seq\" must be an integer", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(404, (await PostAsync("/elsewhere", "{}")).Status);
        Assert.Equal(413, (await PostAsync("/event", "{\"text\": \"" + new string('x', 100_000) + "\"}")).Status);
        using (var get = await _client.GetAsync(LedgerServer.Url + "/write")) Assert.Equal(405, (int)get.StatusCode);

        // A chunked body (what .NET's PostAsJsonAsync sends) is read like any other.
        using (var chunked = new HttpRequestMessage(HttpMethod.Post, LedgerServer.Url + "/write") { Content = new StreamContent(new MemoryStream("{\"token\": 3, \"seq\": 2}"u8.ToArray())) })
        {
            chunked.Headers.TransferEncodingChunked = true;
            using var response = await _client.SendAsync(chunked);
            Assert.Equal(200, (int)response.StatusCode);
        }

        _history.Dispose();
        var history = HistoryT.Load(Path.Combine(_dir.Path, "history.jsonl"));
        Assert.Equal(["acquire", "write", "job", "write"], history.Operations.Select(o => o.F));
        Assert.Contains(history.Notes, n => n.Value.ToJson() == "\"hello\"");
    }

    [SkippableFact]
    public async Task A_status_question_reads_the_candidates_answer_and_says_why_when_there_is_none()
    {
        using var status = new StatusClient(_thread, 7070, "/leader", TimeSpan.FromSeconds(1));
        var refused = await status.AskAsync(CancellationToken.None);
        Assert.Null(refused.Answer);
        Assert.Equal("connection refused", refused.Why);

        // A listener that accepts and never answers: a paused candidate.
        using var silent = await _thread.RunAsync(() =>
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            s.Bind(new IPEndPoint(IPAddress.Loopback, 7070));
            s.Listen(8);
            return s;
        });
        var started = DateTime.UtcNow;
        var timeout = await status.AskAsync(CancellationToken.None);
        Assert.Equal("timeout", timeout.Why);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(5));

        // A candidate that does not answer is asked again and again, each question a claim of its own.
        _session.Status = status;
        for (var i = 0; i < 3; i++) await _session.ClaimAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
        _history.Dispose();
        var claims = HistoryT.Load(Path.Combine(_dir.Path, "history.jsonl")).Operations;
        Assert.Equal(3, claims.Length);
        Assert.All(claims, c => Assert.Equal((Outcome.Info, "timeout"), (c.Outcome, c.Error)));
    }

    /// <summary>
    /// A host whose namespace is made again under its name (a container started again): the
    /// thread enters the new one, where nothing listens yet, and the ledger listens there anew.
    /// </summary>
    [SkippableFact]
    public async Task A_host_whose_namespace_was_made_again_is_listened_to_there()
    {
        var ns = _net["c1"].Namespace;
        await Exec.CheckedAsync("ip", ["netns", "delete", ns]);
        await Exec.CheckedAsync("ip", ["netns", "add", ns]);
        await Exec.CheckedAsync("ip", ["-n", ns, "link", "set", "lo", "up"]);
        await _thread.ReenterAsync();
        using (var probe = new StatusClient(_thread, LedgerServer.Port, "/op", TimeSpan.FromSeconds(2)))
        {
            Assert.Equal("connection refused", (await probe.AskAsync(CancellationToken.None)).Why);
        }

        await _ledger.ListenAgainAsync("c1", _thread, CancellationToken.None);

        Assert.Equal(200, (await PostAsync("/op", "{\"f\": \"acquire\", \"type\": \"invoke\"}")).Status);
        _history.Dispose();
        Assert.Equal("acquire", Assert.Single(HistoryT.Load(Path.Combine(_dir.Path, "history.jsonl")).Operations).F);
    }
}
