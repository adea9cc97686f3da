using Docker.DotNet;
using Docker.DotNet.Models;
using ElectionJepsen.Harness.Runtime.Docker;

namespace ElectionJepsen.Harness.Tests.Runtime.Docker;

/// <summary>
/// An engine in memory: containers, networks, volumes and images, every call written down in
/// <see cref="Calls"/> (<c>"unpause c1"</c>); a build runs <see cref="OnBuild"/>, which by
/// default reports a step and makes the image under its tags with its labels.
/// </summary>
internal sealed class FakeDockerApi : IDockerApi
{
    public List<string> Calls { get; } = [];

    public List<ContainerListResponse> Containers { get; } = [];

    public List<NetworkResponse> Networks { get; } = [];

    public List<VolumeResponse> Volumes { get; } = [];

    public Dictionary<string, ImageInspectResponse> Images { get; } = [];

    public Action<ImageBuildParameters, IProgress<JSONMessage>> OnBuild { get; set; }

    /// <summary>A pull: by default the engine's in-band error of a machine that reaches no registry.</summary>
    public Action<string, IProgress<JSONMessage>> OnPull { get; set; } = (image, progress) =>
        progress.Report(new JSONMessage { ErrorMessage = $"Get \"https://registry-1.docker.io/v2/\": dial tcp: lookup registry-1.docker.io: no such host ({image})" });

    public FakeDockerApi() => OnBuild = (p, progress) =>
    {
        progress.Report(new JSONMessage { Stream = "Step 1/2 : FROM base\n" });
        var image = new ImageInspectResponse { ID = "sha256:" + Guid.NewGuid().ToString("N"), Config = new Config { Labels = p.Labels }, RepoTags = [.. p.Tags] };
        foreach (var tag in p.Tags) Images[tag] = image;
    };

    public Task<string> CreateNetworkAsync(NetworksCreateParameters parameters, CancellationToken cancel) => throw new NotSupportedException();

    public Task<NetworkResponse> InspectNetworkAsync(string id, CancellationToken cancel) => throw new NotSupportedException();

    public Task<IList<NetworkResponse>> ListNetworksAsync(IDictionary<string, IDictionary<string, bool>> filters, CancellationToken cancel) =>
        Task.FromResult<IList<NetworkResponse>>([.. Networks.Where(n => Matches(filters, n.Labels))]);

    public Task RemoveNetworkAsync(string id, CancellationToken cancel) => Record($"remove-network {id}", () => Networks.RemoveAll(n => n.ID == id));

    public Task<string> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancel) => throw new NotSupportedException();

    /// <summary>What inspecting a container answers once it is started, by its id (else it stays as it was).</summary>
    public Dictionary<string, ContainerInspectResponse> StartedAs { get; } = [];

    public Task<bool> StartContainerAsync(string id, CancellationToken cancel)
    {
        Calls.Add($"start {id}");
        if (StartedAs.Remove(id, out var started)) Inspected[id] = started;
        return Task.FromResult(true);
    }

    /// <summary>What inspecting a container answers, by its id.</summary>
    public Dictionary<string, ContainerInspectResponse> Inspected { get; } = [];

    public Task<ContainerInspectResponse> InspectContainerAsync(string id, CancellationToken cancel) =>
        Inspected.TryGetValue(id, out var c) ? Task.FromResult(c) : throw new NotSupportedException();

    public Task KillContainerAsync(string id, string signal, CancellationToken cancel) => Record($"kill {id} {signal}", () => { });

    public Task PauseContainerAsync(string id, CancellationToken cancel) => Record($"pause {id}", () => Containers.Single(c => c.ID == id).State = "paused");

    public Task UnpauseContainerAsync(string id, CancellationToken cancel) => Record($"unpause {id}", () => Containers.Single(c => c.ID == id).State = "running");

    public Task RemoveContainerAsync(string id, CancellationToken cancel)
    {
        if (Containers.Single(c => c.ID == id).State == "paused") throw new InvalidOperationException($"{id} is frozen: a SIGKILL does not reach it until it is thawed");
        return Record($"remove-container {id}", () => Containers.RemoveAll(c => c.ID == id));
    }

    public Task<IList<ContainerListResponse>> ListContainersAsync(IDictionary<string, IDictionary<string, bool>> filters, CancellationToken cancel) =>
        Task.FromResult<IList<ContainerListResponse>>([.. Containers.Where(c => Matches(filters, c.Labels))]);

    public Task<MultiplexedStream> ContainerLogsAsync(string id, ContainerLogsParameters parameters, CancellationToken cancel) => throw new NotSupportedException();

    public Task<DockerExecResult> ExecAsync(string id, IReadOnlyList<string> command, CancellationToken cancel) => throw new NotSupportedException();

    public Task<IList<VolumeResponse>> ListVolumesAsync(IDictionary<string, IDictionary<string, bool>> filters, CancellationToken cancel) =>
        Task.FromResult<IList<VolumeResponse>>([.. Volumes.Where(v => Matches(filters, v.Labels))]);

    public Task RemoveVolumeAsync(string name, CancellationToken cancel) => Record($"remove-volume {name}", () => Volumes.RemoveAll(v => v.Name == name));

    public Task BuildImageAsync(ImageBuildParameters parameters, Stream context, IProgress<JSONMessage> progress, CancellationToken cancel) =>
        Record($"build {parameters.Tags[0]}", () => OnBuild(parameters, progress));

    public Task ImportImageAsync(ImagesCreateParameters parameters, Stream rootFileSystem, IProgress<JSONMessage> progress, CancellationToken cancel) => throw new NotSupportedException();

    public Task PullImageAsync(string image, IProgress<JSONMessage> progress, CancellationToken cancel) => Record($"pull {image}", () => OnPull(image, progress));

    public Task<ImageInspectResponse?> InspectImageAsync(string name, CancellationToken cancel) =>
        Task.FromResult(Images.GetValueOrDefault(name));

    public Task TagImageAsync(string image, string repository, string tag, CancellationToken cancel) =>
        Record($"tag {repository}:{tag}", () => Images[$"{repository}:{tag}"] = Images.Values.First(i => i.ID == image));

    /// <summary>The images whose labels the filters match, an entry per image with every tag that names it.</summary>
    public Task<IList<ImagesListResponse>> ListImagesAsync(IDictionary<string, IDictionary<string, bool>> filters, CancellationToken cancel) =>
        Task.FromResult<IList<ImagesListResponse>>([.. Images.GroupBy(kv => kv.Value.ID)
            .Where(g => Matches(filters, g.First().Value.Config?.Labels))
            .Select(g => new ImagesListResponse { ID = g.Key, RepoTags = [.. g.Select(kv => kv.Key)] })]);

    public Task RemoveImageAsync(string id, CancellationToken cancel) =>
        Record($"remove-image {id}", () =>
        {
            foreach (var tag in Images.Where(kv => kv.Value.ID == id).Select(kv => kv.Key).ToList()) Images.Remove(tag);
        });

    public void Dispose()
    {
    }

    /// <summary>The engine's label filter: every <c>key</c> or <c>key=value</c> must be on the labels.</summary>
    public static bool Matches(IDictionary<string, IDictionary<string, bool>> filters, IDictionary<string, string>? labels) =>
        filters["label"].Keys.All(f => f.Split('=', 2) is var kv && labels is not null && labels.TryGetValue(kv[0], out var v) && (kv.Length == 1 || v == kv[1]));

    private Task Record(string call, Action act)
    {
        Calls.Add(call);
        act();
        return Task.CompletedTask;
    }
}
