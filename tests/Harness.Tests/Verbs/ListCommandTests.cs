using System.Text.Json;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Nemeses;
using ElectionJepsen.TestSupport;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Tests.Verbs;

/// <summary><c>list</c>: the names the harness keeps, a line each or one JSON array, for scripts.</summary>
public sealed class ListCommandTests : IDisposable
{
    private readonly TempDir _examples = new();

    public void Dispose() => _examples.Dispose();

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private void Sample(string folder, string manifest)
    {
        var dir = Path.Combine(_examples.Path, folder);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "candidate.json"), manifest);
    }

    private static string Manifest(params string[] backends) =>
        $"{{\"name\": \"x\", \"backends\": [{string.Join(", ", backends.Select(b => $"\"{b}\""))}], \"run\": [\"/bin/true\"]}}";

    [Fact]
    public async Task List_backends_is_every_backend_a_line_in_the_harness_order()
    {
        var run = await HarnessRun.InProcessAsync("list", "backends");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(BackendNames.All, Lines(run.Out));
        Assert.Equal(BackendCatalog.ByName.Keys, Lines(run.Out));
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task List_nemeses_is_every_fault_a_line()
    {
        var run = await HarnessRun.InProcessAsync("list", "nemeses");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(NemesisNames.Faults, Lines(run.Out));
    }

    [Theory]
    [InlineData("backends")]
    [InlineData("nemeses")]
    public async Task Json_is_one_array_of_the_same_names(string what)
    {
        var lines = await HarnessRun.InProcessAsync("list", what);
        var json = await HarnessRun.InProcessAsync("list", what, "--json");
        Assert.Equal(0, json.ExitCode);
        Assert.Single(Lines(json.Out));
        Assert.Equal(Lines(lines.Out), JsonSerializer.Deserialize<string[]>(json.Out));
    }

    [Fact]
    public async Task List_samples_is_each_folder_whose_manifest_reads_with_its_first_backend()
    {
        Sample("b-sample", Manifest("etcd", "redis"));
        Sample("a-sample", Manifest("none"));
        Sample("broken", "{\"name\": ");
        Directory.CreateDirectory(Path.Combine(_examples.Path, "no-manifest"));

        var run = await HarnessRun.InProcessAsync("list", "samples", "--examples", _examples.Path);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["a-sample none", "b-sample etcd"], Lines(run.Out));
        var leftOut = Assert.Single(Lines(run.Error));
        Assert.StartsWith("left out: candidate.json in ", leftOut, StringComparison.Ordinal);
        Assert.Contains("broken: not JSON", leftOut, StringComparison.Ordinal);

        var json = await HarnessRun.InProcessAsync("list", "samples", "--examples", _examples.Path, "--json");
        var samples = JsonDocument.Parse(json.Out).RootElement.EnumerateArray()
            .Select(s => $"{s.GetProperty("name").GetString()} {s.GetProperty("backend").GetString()}");
        Assert.Equal(["a-sample none", "b-sample etcd"], samples);
    }

    [Fact]
    public async Task List_samples_of_a_folder_that_does_not_exist_is_a_usage_error_in_one_line()
    {
        var missing = Path.Combine(_examples.Path, "nowhere");
        var run = await HarnessRun.InProcessAsync("list", "samples", "--examples", missing);
        Assert.Equal(64, run.ExitCode);
        Assert.Equal($"error: there is no folder {missing}: give the samples' folder with --examples, or run from the repository's root (its examples)", run.Error.Trim());
        Assert.Empty(run.Out);
    }

    [Fact]
    public async Task List_without_what_to_list_is_a_usage_error()
    {
        var run = await HarnessRun.InProcessAsync("list");
        Assert.Equal(64, run.ExitCode);
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
    }
}
