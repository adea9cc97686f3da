using ElectionJepsen.Harness.Run;
using ElectionJepsen.Harness.Run.Live;
using Spectre.Console.Testing;

namespace ElectionJepsen.Harness.Tests.Run.Live;

public sealed class LiveViewTests
{
    [Fact]
    public async Task The_view_redraws_until_the_time_is_up_and_leaves_the_last_frame()
    {
        using var console = new TestConsole().Width(120);
        var events = 0L;
        var source = new LiveSource("redis", TimeSpan.FromSeconds(30), [], new LeaderTracker(), new Ledger(true), () => "no fault", () => ++events);
        var rounds = 0;

        await new LiveView(console, source).ShowAsync(() => ++rounds <= 2, CancellationToken.None);

        Assert.Equal(3, rounds);
        Assert.Equal(3, events);
        Assert.Contains("3 events", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_ends_the_view_without_throwing()
    {
        using var console = new TestConsole().Width(120);
        using var cancel = new CancellationTokenSource();
        var source = new LiveSource("redis", TimeSpan.FromSeconds(30), [], new LeaderTracker(), new Ledger(true), () => "no fault", () => 0);
        await cancel.CancelAsync();

        await new LiveView(console, source).ShowAsync(() => true, cancel.Token);

        Assert.Contains("0 events", console.Output, StringComparison.Ordinal);
    }
}
