using Docker.DotNet;
using Docker.DotNet.Models;

namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary><see cref="IDockerApi"/> over Docker.DotNet's client, as <see cref="DockerEngine"/> connects it.</summary>
internal sealed partial class DockerApi(DockerClient client, DockerClientConfiguration configuration) : IDockerApi
{
    public async Task<string> CreateNetworkAsync(NetworksCreateParameters parameters, CancellationToken cancel) =>
        (await client.Networks.CreateNetworkAsync(parameters, cancel)).ID;

    public Task<NetworkResponse> InspectNetworkAsync(string id, CancellationToken cancel) =>
        client.Networks.InspectNetworkAsync(id, cancel);

    public Task<IList<NetworkResponse>> ListNetworksAsync(IDictionary<string, IDictionary<string, bool>> filters, CancellationToken cancel) =>
        client.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filters }, cancel);

    public Task RemoveNetworkAsync(string id, CancellationToken cancel) => client.Networks.DeleteNetworkAsync(id, cancel);

    public async Task<string> CreateContainerAsync(CreateContainerParameters parameters, CancellationToken cancel) =>
        (await client.Containers.CreateContainerAsync(parameters, cancel)).ID;

    public Task<bool> StartContainerAsync(string id, CancellationToken cancel) =>
        client.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancel);

    public Task<ContainerInspectResponse> InspectContainerAsync(string id, CancellationToken cancel) =>
        client.Containers.InspectContainerAsync(id, cancel);

    public Task KillContainerAsync(string id, string signal, CancellationToken cancel) =>
        client.Containers.KillContainerAsync(id, new ContainerKillParameters { Signal = signal }, cancel);

    public Task PauseContainerAsync(string id, CancellationToken cancel) => client.Containers.PauseContainerAsync(id, cancel);

    public Task UnpauseContainerAsync(string id, CancellationToken cancel) => client.Containers.UnpauseContainerAsync(id, cancel);

    public Task RemoveContainerAsync(string id, CancellationToken cancel) =>
        client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true, RemoveVolumes = true }, cancel);

    public Task<IList<ContainerListResponse>> ListContainersAsync(IDictionary<string, IDictionary<string, bool>> filters, CancellationToken cancel) =>
        client.Containers.ListContainersAsync(new ContainersListParameters { All = true, Filters = filters }, cancel);

    public Task<MultiplexedStream> ContainerLogsAsync(string id, ContainerLogsParameters parameters, CancellationToken cancel) =>
        client.Containers.GetContainerLogsAsync(id, tty: false, parameters, cancel);

    public async Task<DockerExecResult> ExecAsync(string id, IReadOnlyList<string> command, CancellationToken cancel)
    {
        var exec = await client.Exec.ExecCreateContainerAsync(id, new ContainerExecCreateParameters { Cmd = [.. command], AttachStdout = true, AttachStderr = true }, cancel);
        using var stream = await client.Exec.StartAndAttachContainerExecAsync(exec.ID, tty: false, cancel);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(cancel);
        var done = await client.Exec.InspectContainerExecAsync(exec.ID, cancel);
        return new DockerExecResult(done.ExitCode, stdout, stderr);
    }

    public async Task<IList<VolumeResponse>> ListVolumesAsync(IDictionary<string, IDictionary<string, bool>> filters, CancellationToken cancel) =>
        (await client.Volumes.ListAsync(new VolumesListParameters { Filters = filters }, cancel)).Volumes ?? [];

    public Task RemoveVolumeAsync(string name, CancellationToken cancel) => client.Volumes.RemoveAsync(name, force: true, cancel);

    public void Dispose()
    {
        client.Dispose();
        configuration.Dispose();
    }
}
