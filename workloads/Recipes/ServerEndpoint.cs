using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace ElectionJepsen.Workloads.Recipes;

/// <summary>
/// A server as a candidate is told it: <c>host:port</c>, the host an address (<c>10.77.0.11</c>,
/// <c>[::1]</c>) or a name (<c>zk1</c> on a compose project's network). A name is looked up
/// each time it is resolved, so a server that came back at a new address is found there.
/// </summary>
public sealed record ServerEndpoint(string Host, int Port)
{
    public static ServerEndpoint Parse(string text)
    {
        if (IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port != 0) return new ServerEndpoint(endpoint.Address.ToString(), endpoint.Port);
        var colon = text.LastIndexOf(':');
        if (colon > 0 && !text[..colon].Contains(':', StringComparison.Ordinal)
            && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535)
        {
            return new ServerEndpoint(text[..colon], port);
        }

        throw new FormatException($"a server must be host:port (a name or an address, and a port 1 to 65535), not \"{text}\"");
    }

    /// <summary>The address now: the host itself when it is an address, else its first IPv4 address (else its first).</summary>
    public async Task<IPEndPoint> ResolveAsync(CancellationToken cancel)
    {
        if (IPAddress.TryParse(Host, out var address)) return new IPEndPoint(address, Port);
        var found = await Dns.GetHostAddressesAsync(Host, cancel);
        var chosen = found.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? found.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
        return new IPEndPoint(chosen, Port);
    }

    /// <summary>
    /// The servers that resolve now, in order: one whose name is not found (its container
    /// stopped) is left out; when none resolves, the first one's error is thrown.
    /// </summary>
    public static async Task<IReadOnlyList<IPEndPoint>> ResolveAllAsync(IReadOnlyList<ServerEndpoint> servers, CancellationToken cancel)
    {
        var resolved = new List<IPEndPoint>();
        Exception? first = null;
        foreach (var server in servers)
        {
            try
            {
                resolved.Add(await server.ResolveAsync(cancel));
            }
            catch (SocketException e)
            {
                first ??= e;
            }
        }

        return resolved.Count > 0 || first is null ? resolved : throw first;
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
