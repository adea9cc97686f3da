using System.Text.Json.Nodes;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Nemeses;

/// <summary>The nemesis's steps reach the disk: the history is synced at each invoke and each completion.</summary>
public sealed class NemesisRunnerSyncTests
{
    [Fact]
    public async Task A_fault_is_synced_to_the_disk_before_it_is_done_and_again_when_it_is()
    {
        using var dir = new TempDir();
        using var history = new HistoryWriter(dir.File("history.jsonl"), flushInterval: TimeSpan.Zero);
        var nemesis = new Watching(history);
        var runner = new NemesisRunner(null!, new Dictionary<string, INemesis> { ["pause"] = nemesis }, history);

        await runner.StepAsync(new NemesisStep(0, TimeSpan.Zero, "pause", IsFault: true, Seed: 1), CancellationToken.None);
        await runner.StepAsync(new NemesisStep(1, TimeSpan.Zero, "pause", IsFault: false, Seed: 1), CancellationToken.None);

        Assert.Equal([1L, 3L], nemesis.SyncsWhenCalled);
        Assert.Equal(4, history.Syncs);
    }

    /// <summary>A nemesis that does nothing but note how often the history was synced when it was called.</summary>
    private sealed class Watching(HistoryWriter history) : INemesis
    {
        public List<long> SyncsWhenCalled { get; } = [];

        public string Name => "pause";

        public NemesisPair Functions => NemesisFunctions.Together("pause");

        public Task<JsonNode> StartAsync(Cluster cluster, Random random, CancellationToken cancel)
        {
            SyncsWhenCalled.Add(history.Syncs);
            return Task.FromResult<JsonNode>(new JsonObject());
        }

        public Task<JsonNode> HealAsync(Cluster cluster, CancellationToken cancel)
        {
            SyncsWhenCalled.Add(history.Syncs);
            return Task.FromResult<JsonNode>(new JsonObject());
        }
    }
}
