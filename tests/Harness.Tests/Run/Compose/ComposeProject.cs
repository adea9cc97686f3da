using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ElectionJepsen.Harness.Run.Compose;
using ElectionJepsen.Harness.Run.Contract;
using ElectionJepsen.Harness.Runtime.Docker;
using ElectionJepsen.TestSupport;
using ElectionJepsen.Workloads.Candidate;
using ElectionJepsen.Workloads.Contract;
using ElectionJepsen.Workloads.Recipes;

namespace ElectionJepsen.Harness.Tests.Run.Compose;

/// <summary>A replica of the candidate service: its container, and the host port its status endpoint is published on.</summary>
public sealed record Replica(string Container, int Port);

/// <summary>
/// The repository's compose file brought up as a project of its own (<c>ej-compose-XXXXXX</c>)
/// with one backend's profile, through docker-compose as a person would; taken down with its
/// volumes when disposed.
/// </summary>
public sealed class ComposeProject(DockerEngine engine, string backend) : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(1) };

    public string Name { get; } = "ej-compose-" + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..6];

    public Task UpAsync(int replicas) => ComposeAsync("up", "-d", "--scale", $"{ComposeFile.CandidateService}={replicas}");

    public async ValueTask DisposeAsync() => await ComposeAsync("down", "-v", "--remove-orphans", "-t", "0");

    /// <summary>The candidate's replicas as the engine lists them now: those with a published status port.</summary>
    public async Task<IReadOnlyList<Replica>> ReplicasAsync()
    {
        var filters = new Dictionary<string, IDictionary<string, bool>>
        {
            ["label"] = new Dictionary<string, bool> { [$"{ComposeLabels.Project}={Name}"] = true, [$"{ComposeLabels.Service}={ComposeFile.CandidateService}"] = true },
        };
        var containers = await engine.Api.ListContainersAsync(filters, CancellationToken.None);
        return [.. containers
            .Select(c => (c.ID, Port: c.Ports?.FirstOrDefault(p => p.PrivatePort == ContractEnvironment.StatusPort && p.PublicPort > 0)?.PublicPort))
            .Where(c => c.Port is not null)
            .Select(c => new Replica(c.ID, c.Port!.Value))];
    }

    /// <summary>The replicas that answer that they lead (one that does not answer leads not).</summary>
    public async Task<IReadOnlyList<Replica>> LeadersAsync()
    {
        var replicas = await ReplicasAsync();
        var answers = await Task.WhenAll(replicas.Select(LeadsAsync));
        return [.. replicas.Where((_, i) => answers[i])];
    }

    /// <summary>Containers of the project, running or not.</summary>
    public async Task<int> ContainersAsync() =>
        (await engine.Api.ListContainersAsync(new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ComposeLabels.Project}={Name}"] = true } }, CancellationToken.None)).Count;

    private static async Task<bool> LeadsAsync(Replica r)
    {
        try
        {
            using var answer = await Http.GetFromJsonAsync<JsonDocument>($"http://127.0.0.1:{r.Port}{StatusEndpoint.Path}");
            return answer?.RootElement.GetProperty("leader").GetBoolean() == true;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return false;
        }
    }

    /// <summary>docker-compose on the repository's file, the backend's profile active and its servers given; the defaults for redis.</summary>
    private async Task ComposeAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker-compose") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in (string[])["-p", Name, "-f", Repository.Path(ComposeFile.FileName)]) start.ArgumentList.Add(a);
        if (backend != BackendNames.Redis) foreach (var a in (string[])["--profile", backend]) start.ArgumentList.Add(a);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment.Remove(CandidateEnvironment.Backend);
        start.Environment.Remove(CandidateEnvironment.Servers);
        if (backend != BackendNames.Redis)
        {
            start.Environment[CandidateEnvironment.Backend] = backend;
            start.Environment[CandidateEnvironment.Servers] = ComposeFile.ServersOf(backend);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"docker-compose {string.Join(' ', arguments)} exited {process.ExitCode}: {await error}{await output}");
    }
}
