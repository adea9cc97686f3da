using System.Text.Json.Nodes;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Reports.Tests.Store;

public sealed class TestJsonTests
{
    [Fact]
    public void A_test_written_then_read_gives_the_same_values()
    {
        for (var seed = 0; seed < 300; seed++)
        {
            var test = RandomTest(new Random(seed));
            using var stream = new MemoryStream();
            test.Write(stream);

            var read = TestJson.Read((JsonObject)JsonNode.Parse(stream.ToArray())!);

            Assert.Equivalent(test, read with { Fields = [], VersionFields = [] }, strict: true);
        }
    }

    [Fact]
    public void Read_shows_the_fields_as_the_file_holds_them_whatever_their_type()
    {
        var read = TestJson.Read((JsonObject)JsonNode.Parse("""
            {"backend": "redis", "nemesis": "pause", "nodes": "five", "seed": 7, "fencing": "maybe", "partition_shapes": [],
             "versions": {"servers": "Redis 7", "libc": 2.36}, "started": "yesterday"}
            """)!);

        Assert.Equal(["pause"], read.Nemeses);
        Assert.Null(read.Nodes);
        Assert.True(read.Fencing);
        Assert.Equal(TestJson.LocalRuntime, read.Runtime);
        Assert.Null(read.Started);
        Assert.Equal([("backend", "redis"), ("nemesis", "pause"), ("nodes", "five"), ("seed", "7"), ("fencing", "maybe"), ("partition_shapes", "none"), ("started", "yesterday")], read.Fields);
        Assert.Equal([("servers", "Redis 7"), ("libc", "2.36")], read.VersionFields);
    }

    [Fact]
    public void A_file_that_is_not_an_object_is_refused()
    {
        using var dir = new ElectionJepsen.TestSupport.TempDir();
        Assert.Throws<System.Text.Json.JsonException>(() => TestJson.Read(dir.File(StoreLayout.TestFile, "\"redis\"")));
    }

    private static TestJson RandomTest(Random r)
    {
        const string letters = "ab<\"é\u2028\\ -+,";
        string Word() => new([.. Enumerable.Range(0, r.Next(1, 8)).Select(_ => letters[r.Next(letters.Length)])]);
        IReadOnlyList<string> Words() => [.. Enumerable.Range(0, r.Next(4)).Select(_ => Word())];
        double Ms() => Math.Round(r.NextDouble() * 1e5, r.Next(7));
        return new TestJson
        {
            RunId = Word(),
            Backend = Word(),
            Nemeses = Words(),
            Nodes = r.Next(1, 51),
            TimeLimitS = Ms(),
            NemesisIntervalS = Ms(),
            Seed = r.Next(),
            TtlMs = Ms(),
            Fencing = r.Next(2) == 0,
            Runtime = r.Next(2) == 0 ? TestJson.LocalRuntime : "docker",
            ClaimIntervalMs = Ms(),
            WriteIntervalMs = Ms(),
            JobIntervalMs = Ms(),
            ClaimTimeoutMs = Ms(),
            PartitionScope = Word(),
            Delay = r.Next(2) == 0 ? null : new DelaySettings(Ms(), Ms(), Word(), r.NextDouble(), r.NextDouble()),
            PartitionShapes = Words(),
            Servers = new ServerTuning(Ms(), Ms(), r.Next(2) == 0, Ms()),
            Kubernetes = r.Next(2) == 0 ? null : new KubernetesCluster(Word(), Word(), Word(), Word()),
            Started = new DateTimeOffset(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks(r.NextInt64(0, TimeSpan.TicksPerDay * 365)), TimeSpan.Zero),
            Versions = new Versions(Word(), Word(), Word()),
            Command = Word(),
            Rerun = Word(),
        };
    }
}
