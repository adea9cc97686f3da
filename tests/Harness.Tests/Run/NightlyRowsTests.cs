using System.Diagnostics;
using System.Text.Json;
using ElectionJepsen.Harness.Backends;
using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.TestSupport;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Tests.Run;

/// <summary>
/// The nightly's <c>.ci/nightly-rows</c>, run with bash as the workflow runs it, asking this
/// build of the harness (<c>EJ_HARNESS</c>): a row per backend, per backend on the docker
/// runtime and per sample, each once.
/// </summary>
public sealed class NightlyRowsTests
{
    private const string Script = ".ci/nightly-rows";

    private static async Task<HarnessRun> RunAsync(string script)
    {
        var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        psi.Environment["EJ_HARNESS"] = typeof(Program).Assembly.Location;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return new HarnessRun(p.ExitCode, await stdout, await stderr);
    }

    [SkippableFact]
    public async Task Every_backend_and_every_sample_of_the_repository_is_a_row_once()
    {
        Skip.If(Repository.Root is null, "the repository's sources are not beside this build");
        var run = await RunAsync(Repository.Path(Script));
        Assert.True(run.ExitCode == 0, run.Error);

        var line = Assert.Single(run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("rows=[", line, StringComparison.Ordinal);
        var rows = JsonDocument.Parse(line["rows=".Length..]).RootElement.EnumerateArray()
            .Select(r => (Name: r.GetProperty("name").GetString()!, Args: r.GetProperty("args").GetString()!)).ToList();
        var samples = CandidateManifest.FoldersIn(Repository.Path("examples")).Select(Path.GetFileName).ToList();
        Assert.NotEmpty(samples);
        Assert.All(BackendNames.All, b => Assert.Single(rows, r => r == (b, $"--backend {b}")));
        Assert.All(BackendNames.All, b => Assert.Single(rows, r => r == ($"docker-{b}", $"--runtime docker --backend {b}")));
        Assert.All(samples, s => Assert.Single(rows, r => r == ($"sample-{s}", $"--candidate examples/{s}")));
        Assert.Equal((2 * BackendNames.All.Count) + samples.Count, rows.Count);
    }

    [SkippableFact]
    public async Task A_sample_whose_name_cannot_be_a_row_safely_stops_it()
    {
        Skip.If(Repository.Root is null, "the repository's sources are not beside this build");
        using var copy = new TempDir();
        Directory.CreateDirectory(Path.Combine(copy.Path, ".ci"));
        var script = Path.Combine(copy.Path, Script);
        File.Copy(Repository.Path(Script), script);
        var sample = Path.Combine(copy.Path, "examples", "two words");
        Directory.CreateDirectory(sample);
        File.WriteAllText(Path.Combine(sample, CandidateManifest.FileName), "{\"name\": \"x\", \"backends\": [\"redis\"], \"run\": [\"/bin/true\"]}");

        var run = await RunAsync(script);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("a row the nightly cannot name safely: {\"name\":\"sample-two words\"", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }
}
