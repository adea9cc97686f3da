using ElectionJepsen.Checkers.History;
using ElectionJepsen.Workloads.Tests.Control;

namespace ElectionJepsen.Harness.Tests.Run;

/// <summary>Messages well formed but out of turn: each drops the connection before anything of it is recorded.</summary>
public sealed partial class ControlServerTests
{
    public static TheoryData<string, string> OutOfTurn => new()
    {
        { "a second announce while one is open", "{\"type\":\"announce\",\"id\":6,\"f\":\"release\",\"token\":3}" },
        { "an outcome of another operation", "{\"type\":\"outcome\",\"id\":5,\"f\":\"release\",\"outcome\":\"ok\"}" },
        { "an outcome of another id", "{\"type\":\"outcome\",\"id\":4,\"f\":\"acquire\",\"outcome\":\"ok\",\"token\":9}" },
        { "a second hello", "{\"type\":\"hello\",\"node\":\"c1\"}" },
    };

    [Theory]
    [MemberData(nameof(OutOfTurn))]
    public async Task A_message_out_of_turn_drops_the_connection_and_the_open_campaign_ends_as_info(string what, string json)
    {
        using var c2 = await ConnectAsync();
        await c2.SendAsync(BadFrames.Body("{\"type\":\"hello\",\"node\":\"c2\"}"));
        await c2.SendAsync(BadFrames.Body("{\"type\":\"announce\",\"id\":5,\"f\":\"acquire\"}"));
        await ReadAckAsync(c2);
        await c2.SendAsync(BadFrames.Body(json));

        await AssertDroppedAsync(c2);
        await AssertServedAsync("c1");
        var c2Events = AssertValidHistory().Where(e => e.Process == "c2").ToList();
        Assert.True(c2Events.Select(e => (e.Type, e.F)).SequenceEqual([(EventType.Invoke, "acquire"), (EventType.Info, "acquire")]), what);
        Assert.Contains("out of turn", _log.All.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_outcome_with_nothing_announced_drops_the_connection_and_records_nothing()
    {
        using var c2 = await ConnectAsync();
        await c2.SendAsync(BadFrames.Body("{\"type\":\"hello\",\"node\":\"c2\"}"));
        await c2.SendAsync(BadFrames.Body("{\"type\":\"outcome\",\"id\":1,\"f\":\"acquire\",\"outcome\":\"ok\",\"token\":99}"));

        await AssertDroppedAsync(c2);
        await AssertServedAsync("c1");
        Assert.DoesNotContain(AssertValidHistory(), e => e.Process == "c2");
        Assert.Contains("out of turn: nothing is open", _log.All.Single(), StringComparison.Ordinal);
    }
}
