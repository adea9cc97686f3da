using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Channels;

namespace ElectionJepsen.Workloads.Peers;

/// <summary>
/// One message between candidates that elect among themselves. Which fields matter depends
/// on <see cref="Type"/>; each algorithm names its own types.
/// </summary>
public sealed record PeerMessage(string Type, string From)
{
    /// <summary>Raft's term; Bully's coordinator counter; the Ring's round.</summary>
    public long Term { get; init; }

    /// <summary>A vote given (Raft).</summary>
    public bool Granted { get; init; }

    /// <summary>The sender's monotonic time when it sent a heartbeat, echoed in the reply (Raft's leader lease).</summary>
    public long Sent { get; init; }

    /// <summary>The candidate a message is about: the highest id seen so far (Ring's election), the coordinator (Ring's coordinator).</summary>
    public string? Candidate { get; init; }
}

/// <summary>
/// The candidates' own network: datagrams of JSON over UDP between the candidates' hosts, so
/// that partitions, loss and delay on those hosts reach them. Sends never block and never
/// fail loudly: a datagram that cannot go is lost, as on a real network.
/// </summary>
public sealed class PeerNetwork : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Socket _socket;
    private readonly Channel<PeerMessage> _inbox = Channel.CreateUnbounded<PeerMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;

    /// <param name="self">This candidate's name.</param>
    /// <param name="peers">Every candidate's name and address, this one's included, in id order.</param>
    public PeerNetwork(string self, IReadOnlyList<(string Name, IPEndPoint Address)> peers)
    {
        if (!peers.Any(p => p.Name == self)) throw new ArgumentException($"{self} is not among the peers {string.Join(',', peers.Select(p => p.Name))}", nameof(peers));
        Self = self;
        Peers = peers;
        // Warm the serializer up: the first message of a fresh process would otherwise take
        // a hundred milliseconds or more, as long as an election timeout.
        _ = JsonSerializer.Deserialize<PeerMessage>(JsonSerializer.SerializeToUtf8Bytes(new PeerMessage("warm-up", self), Json), Json);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(peers.Single(p => p.Name == self).Address);
        _receiving = ReceiveAsync();
    }

    public string Self { get; }

    /// <summary>Every candidate, this one included, in id order (the order the harness named them).</summary>
    public IReadOnlyList<(string Name, IPEndPoint Address)> Peers { get; }

    public IEnumerable<string> Others => Peers.Select(p => p.Name).Where(n => n != Self);

    /// <summary>A candidate's id: its position in <see cref="Peers"/>, from 1.</summary>
    public int Id(string name)
    {
        for (var i = 0; i < Peers.Count; i++)
        {
            if (Peers[i].Name == name) return i + 1;
        }

        throw new ArgumentException($"no peer named {name}", nameof(name));
    }

    /// <summary>How many make a majority of all the candidates.</summary>
    public int Majority => (Peers.Count / 2) + 1;

    public ChannelReader<PeerMessage> Inbox => _inbox.Reader;

    /// <summary>Parses <c>c1=10.77.0.11:7000,c2=...</c>.</summary>
    public static IReadOnlyList<(string Name, IPEndPoint Address)> ParsePeers(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p =>
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !IPEndPoint.TryParse(p[(eq + 1)..], out var address)) throw new FormatException($"a peer is NAME=ADDRESS:PORT, not \"{p}\"");
            return (p[..eq], address);
        })];

    public void Send(string to, PeerMessage message)
    {
        var address = Peers.Single(p => p.Name == to).Address;
        try
        {
            _socket.SendTo(JsonSerializer.SerializeToUtf8Bytes(message, Json), address);
        }
        catch (SocketException)
        {
            // Unreachable, refused, no buffer: the datagram is lost.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void SendToOthers(PeerMessage message)
    {
        foreach (var other in Others) Send(other, message);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _receiving;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        var any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var got = await _socket.ReceiveFromAsync(buffer, any, _stop.Token);
                var message = JsonSerializer.Deserialize<PeerMessage>(buffer.AsSpan(0, got.ReceivedBytes), Json);
                if (message is not null && message.From != Self) _inbox.Writer.TryWrite(message);
            }
            catch (JsonException)
            {
                // Not ours: ignore it.
            }
            catch (SocketException)
            {
                // An ICMP error from an earlier send (port unreachable): go on.
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                break;
            }
        }

        _inbox.Writer.TryComplete();
    }
}
