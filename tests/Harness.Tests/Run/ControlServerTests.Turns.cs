using ElectionJepsen.Workloads.Control;
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

    [Fact]
    public async Task A_restarted_candidate_is_served_while_its_old_connection_is_still_closing()
    {
        // The old life opened a campaign; the new one connects before the old connection's end is read.
        var old = await ConnectAsync();
        await old.SendAsync(BadFrames.Body("{\"type\":\"hello\",\"node\":\"c2\"}"));
        await old.SendAsync(BadFrames.Body("{\"type\":\"announce\",\"id\":5,\"f\":\"acquire\"}"));
        await ReadAckAsync(old);
        await using var fresh = await HarnessClient.ConnectAsync(SocketPath, "c2", () => (true, 2), CancellationToken.None);
        var announcing = fresh.AnnounceAsync("acquire", null, CancellationToken.None);
        await Task.Delay(200);
        Assert.False(announcing.IsCompleted, "the new campaign waits for the old one's turn");

        old.Dispose();
        var id = await announcing.WaitAsync(TimeSpan.FromSeconds(10));
        await fresh.ReportAsync(id, "acquire", Outcomes.Ok, 2);
        await _sessions["c2"].ClaimAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        var written = await fresh.WriteAsync(2, 1, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(written.IsOk);
        Assert.True(_sessions["c2"].Connected);
        await AssertServedAsync("c1");
        var c2 = AssertValidHistory().Where(e => e.Process == "c2").Select(e => (e.Type, e.F)).ToList();
        Assert.Equal(
            [(EventType.Invoke, "acquire"), (EventType.Info, "acquire"), (EventType.Invoke, "acquire"), (EventType.Ok, "acquire"),
             (EventType.Invoke, "claim"), (EventType.Ok, "claim"), (EventType.Invoke, "write"), (EventType.Ok, "write")],
            c2);
        Assert.Empty(_log.All);
    }
}
