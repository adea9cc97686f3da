using System.Net;
using System.Net.Sockets;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Workloads.Tests.Recipes;

public sealed class ServerEndpointTests
{
    [Theory]
    [InlineData("10.77.0.11:2181", "10.77.0.11", 2181)]
    [InlineData("zk1:2181", "zk1", 2181)]
    [InlineData("postgres:5432", "postgres", 5432)]
    [InlineData("[::1]:2379", "::1", 2379)]
    public void A_server_is_an_address_or_a_name_and_a_port(string text, string host, int port)
    {
        var server = ServerEndpoint.Parse(text);

        Assert.Equal(new ServerEndpoint(host, port), server);
        Assert.Equal(text, server.ToString());
    }

    [Theory]
    [InlineData("zk1")]
    [InlineData("zk1:")]
    [InlineData(":2181")]
    [InlineData("zk1:0")]
    [InlineData("zk1:65536")]
    [InlineData("zk1:21a1")]
    [InlineData("10.77.0.11")]
    public void A_server_without_a_host_or_a_port_is_refused_with_the_form_it_must_have(string text)
    {
        var e = Assert.Throws<FormatException>(() => ServerEndpoint.Parse(text));

        Assert.Contains("host:port", e.Message, StringComparison.Ordinal);
        Assert.Contains($"\"{text}\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_is_looked_up_and_an_address_is_taken_as_it_is()
    {
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 2181), await ServerEndpoint.Parse("localhost:2181").ResolveAsync(CancellationToken.None));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("10.77.0.12"), 2181), await ServerEndpoint.Parse("10.77.0.12:2181").ResolveAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Servers_whose_names_are_not_found_are_left_out_and_none_found_is_an_error()
    {
        var missing = new ServerEndpoint("no-such-server.invalid", 2181);

        var some = await ServerEndpoint.ResolveAllAsync([missing, ServerEndpoint.Parse("10.77.0.13:2181")], CancellationToken.None);
        Assert.Equal([new IPEndPoint(IPAddress.Parse("10.77.0.13"), 2181)], some);
        await Assert.ThrowsAnyAsync<SocketException>(() => ServerEndpoint.ResolveAllAsync([missing], CancellationToken.None));
    }
}
