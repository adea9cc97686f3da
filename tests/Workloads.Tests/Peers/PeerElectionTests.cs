using System.Net;
using System.Net.Sockets;
using ElectionJepsen.Workloads.Peers;
using ElectionJepsen.Workloads.Peers.Bully;
using ElectionJepsen.Workloads.Peers.Raft;
using ElectionJepsen.Workloads.Peers.Ring;

namespace ElectionJepsen.Workloads.Tests.Peers;

/// <summary>
/// The candidates' own elections, five of them on real UDP sockets on the loopback address
/// (the faults are the integration runs' business: here, stopping a candidate outright).
/// </summary>
public sealed class PeerElectionTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ej-peers-").FullName;
    private readonly List<(PeerElection Election, PeerNetwork Network)> _running = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var (e, n) in _running)
        {
            await e.DisposeAsync();
            await n.DisposeAsync();
        }

        Directory.Delete(_dir, recursive: true);
    }

    private static IReadOnlyList<(string Name, IPEndPoint Address)> FreePeers(int count) =>
        [.. Enumerable.Range(1, count).Select(i =>
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return ($"c{i}", (IPEndPoint)probe.LocalEndPoint!);
        })];

    private List<PeerElection> Start(Func<PeerNetwork, string, PeerElection> make, int count = 5)
    {
        var peers = FreePeers(count);
        var started = new List<PeerElection>();
        foreach (var (name, _) in peers)
        {
            var network = new PeerNetwork(name, peers);
            var election = make(network, name);
            _running.Add((election, network));
            election.Start();
            started.Add(election);
        }

        return started;
    }

    private async Task Stop(PeerElection election)
    {
        var i = _running.FindIndex(r => r.Election == election);
        await _running[i].Election.DisposeAsync();
        await _running[i].Network.DisposeAsync();
        _running.RemoveAt(i);
    }

    /// <summary>Waits until exactly one of <paramref name="elections"/> leads, and has for a moment; its index and token.</summary>
    private static async Task<(int Index, long Token)> OneLeaderAsync(IReadOnlyList<PeerElection> elections, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        int? steady = null;
        var since = DateTime.MaxValue;
        while (DateTime.UtcNow < deadline)
        {
            var leading = elections.Select((e, i) => (e.Current, i)).Where(x => x.Current.Leading).ToList();
            if (leading.Count == 1 && leading[0].i == steady && DateTime.UtcNow - since > TimeSpan.FromMilliseconds(300))
            {
                return (leading[0].i, leading[0].Current.Token);
            }

            if (leading.Count != 1 || leading[0].i != steady) (steady, since) = (leading.Count == 1 ? leading[0].i : null, DateTime.UtcNow);
            await Task.Delay(20);
        }

        throw new TimeoutException($"no single steady leader within {within.TotalSeconds} s: {string.Join(", ", elections.Select(e => e.Current))}");
    }

    [Fact]
    public async Task Raft_elects_one_leader_and_another_with_a_higher_term_when_it_stops()
    {
        var elections = Start((n, name) => new RaftElection(n, RaftState.Open(Path.Combine(_dir, name)), RaftTiming.Default));
        var (first, term) = await OneLeaderAsync(elections, TimeSpan.FromSeconds(5));
        Assert.True(term >= 1);
        var (token, lost) = await elections[first].ElectedAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(term, token);
        Assert.False(lost.IsCompleted);

        var stopped = DateTime.UtcNow;
        await Stop(elections[first]);
        var rest = elections.Where((_, i) => i != first).ToList();
        var (_, next) = await OneLeaderAsync(rest, TimeSpan.FromSeconds(5));
        Assert.True(next > term);
        Assert.True(DateTime.UtcNow - stopped < TimeSpan.FromSeconds(3), $"took {DateTime.UtcNow - stopped}");
    }

    [Fact]
    public async Task A_raft_leader_that_resigns_loses_at_once_and_another_takes_over()
    {
        var elections = Start((n, name) => new RaftElection(n, RaftState.Open(Path.Combine(_dir, name)), RaftTiming.Default));
        var (first, term) = await OneLeaderAsync(elections, TimeSpan.FromSeconds(5));
        var (_, lost) = await elections[first].ElectedAsync(CancellationToken.None);
        elections[first].Resign();
        Assert.StartsWith($"stepped down from term {term}: resigned", await lost.WaitAsync(TimeSpan.FromSeconds(2)), StringComparison.Ordinal);
        var (second, next) = await OneLeaderAsync(elections, TimeSpan.FromSeconds(5));
        Assert.NotEqual(first, second);
        Assert.True(next > term);
    }

    [Fact]
    public async Task A_lone_raft_candidate_never_leads_without_a_majority()
    {
        var peers = FreePeers(3);
        var network = new PeerNetwork("c1", peers);
        var election = new RaftElection(network, RaftState.Open(Path.Combine(_dir, "c1")), RaftTiming.Default);
        _running.Add((election, network));
        election.Start();

        // It campaigns again every election timeout, term after term, and never wins.
        var state = RaftState.Open(Path.Combine(_dir, "c1"));
        for (var i = 0; i < 100 && state.Term < 3; i++)
        {
            Assert.False(election.Current.Leading);
            await Task.Delay(50);
            state = RaftState.Open(Path.Combine(_dir, "c1"));
        }

        Assert.False(election.Current.Leading);
        Assert.True(state.Term >= 3, $"term {state.Term} after 5 s: it should have campaigned every election timeout");
        Assert.Equal("c1", state.VotedFor);
    }

    [Fact]
    public void Raft_state_survives_a_restart()
    {
        var dir = Path.Combine(_dir, "state");
        var state = RaftState.Open(dir);
        Assert.Equal((0L, (string?)null), (state.Term, state.VotedFor));
        state.Save(7, "c3");
        var again = RaftState.Open(dir);
        Assert.Equal((7L, "c3"), (again.Term, again.VotedFor));
        Assert.False(File.Exists(Path.Combine(dir, "raft-state.json.tmp")));
    }

    [Fact]
    public async Task Bully_makes_the_highest_id_coordinator_and_the_next_when_it_stops()
    {
        var elections = Start((n, _) => new BullyElection(n, BullyTiming.Default));
        var (first, counter) = await OneLeaderAsync(elections, TimeSpan.FromSeconds(5));
        Assert.Equal(4, first);

        await Stop(elections[first]);
        var rest = elections.Take(4).ToList();
        var (second, next) = await OneLeaderAsync(rest, TimeSpan.FromSeconds(5));
        Assert.Equal(3, second);
        Assert.True(next > counter);
    }

    [Fact]
    public async Task The_ring_makes_the_highest_id_coordinator_and_skips_a_stopped_one()
    {
        var elections = Start((n, _) => new RingElection(n, RingTiming.Default));
        var (first, round) = await OneLeaderAsync(elections, TimeSpan.FromSeconds(5));
        Assert.Equal(4, first);

        await Stop(elections[first]);
        var rest = elections.Take(4).ToList();
        var (second, next) = await OneLeaderAsync(rest, TimeSpan.FromSeconds(5));
        Assert.Equal(3, second);
        Assert.True(next > round);
    }
}
