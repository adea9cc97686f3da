using Docker.DotNet;
using Docker.DotNet.Models;

namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>
/// The calls of the Docker Engine API the harness makes, and no others: what a fake in a
/// test stands in for. Parameters and answers are Docker.DotNet's models; errors are its
/// exceptions, except that an absent image is null. Build, import and pull report the
/// engine's progress messages, where a failure arrives (the call itself returns normally).
/// </summary>
public interface IDockerApi : IDisposable
{
    Task<string> CreateNetworkAsync(NetworksCreateParameters parameters, CancellationToken cancel);

    Task<NetworkResponse> InspectNetworkAsync(string id, CancellationToken cancel);

    Task<IList<NetworkResponse>> ListNetworksAsync(IDictionary<string, IDictionary<string, bool>> filters, CancellationToken cancel);

    Task RemoveNetworkAsync(string id, CancellationToken cancel);

    Task<string> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancel);

    /// <summary>False when it was already running.</summary>
    Task<bool> StartContainerAsync(string id, CancellationToken cancel);

    Task<ContainerInspectResponse> InspectContainerAsync(string id, CancellationToken cancel);

    Task KillContainerAsync(string id, string signal, CancellationToken cancel);

    Task PauseContainerAsync(string id, CancellationToken cancel);

    Task UnpauseContainerAsync(string id, CancellationToken cancel);

    /// <summary>Removes a container, running or not, with its anonymous volumes.</summary>
    Task RemoveContainerAsync(string id, CancellationToken cancel);

    /// <summary>Every container, running or not, that the filters match.</summary>
    Task<IList<ContainerListResponse>> ListContainersAsync(IDictionary<string, IDictionary<string, bool>> filters, CancellationToken cancel);

    /// <summary>A container's output, stdout and stderr apart (no terminal); followed, it ends when the container stops.</summary>
    Task<MultiplexedStream> ContainerLogsAsync(string id, ContainerLogsParameters parameters, CancellationToken cancel);

    /// <summary>Runs a command in a running container to its end.</summary>
    Task<DockerExecResult> ExecAsync(string id, IReadOnlyList<string> command, CancellationToken cancel);

    Task<IList<VolumeResponse>> ListVolumesAsync(IDictionary<string, IDictionary<string, bool>> filters, CancellationToken cancel);

    Task RemoveVolumeAsync(string name, CancellationToken cancel);

    /// <summary>Builds from a tar of the build context.</summary>
    Task BuildImageAsync(ImageBuildParameters parameters, Stream context, IProgress<JSONMessage> progress, CancellationToken cancel);

    /// <summary>Makes an image of a tar of a root file system (<c>docker import</c>).</summary>
    Task ImportImageAsync(ImagesCreateParameters parameters, Stream rootFileSystem, IProgress<JSONMessage> progress, CancellationToken cancel);

    /// <summary>Pulls <paramref name="image"/> (<c>name:tag</c>) from its registry.</summary>
    Task PullImageAsync(string image, IProgress<JSONMessage> progress, CancellationToken cancel);

    /// <summary>The image of a name, a tag or an id; null when there is none.</summary>
    Task<ImageInspectResponse?> InspectImageAsync(string name, CancellationToken cancel);

    /// <summary>Gives an image a further <c>repository:tag</c>, moving the tag if another image had it.</summary>
    Task TagImageAsync(string image, string repository, string tag, CancellationToken cancel);

    Task<IList<ImagesListResponse>> ListImagesAsync(IDictionary<string, IDictionary<string, bool>> filters, CancellationToken cancel);

    /// <summary>Removes an image by id, with its tags; refused (an exception) while a container uses it.</summary>
    Task RemoveImageAsync(string id, CancellationToken cancel);
}

/// <summary>How a command run in a container ended, and what it wrote.</summary>
public sealed record DockerExecResult(long ExitCode, string Out, string Error);
