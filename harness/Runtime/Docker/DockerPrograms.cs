using System.Globalization;
using Docker.DotNet.Models;

namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>
/// Programs of one host of the docker runtime: each a container of its own (a worker) in the
/// network namespace of the host's infra container, so that a program killed and started
/// again keeps the host's address, its iptables rules and the harness's listeners there. The
/// program is the container's PID 1 (no init), started with its file as the entry point, so
/// <see cref="IRunningProgram.Pid"/> is its PID on this machine and the nemeses signal it as
/// they signal a local one. The run's folder is mounted at its own path (its data, clocks and
/// control socket need no translation), and so is the cache of the clock's preload shims.
/// </summary>
public sealed class DockerPrograms(DockerEngine engine, string runId, string infraId, string image, IReadOnlyList<string> binds) : IProgramRunner
{
    public bool OnThisMachine => false;

    private readonly Dictionary<string, string> _containers = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The containers made for programs so far.</summary>
    public IReadOnlyCollection<string> Containers
    {
        get
        {
            lock (_lock) return [.. _containers.Values];
        }
    }

    public async Task<IRunningProgram> StartAsync(ProgramStart start, OutputSink output, CancellationToken cancel)
    {
        var id = await ContainerOfAsync(start, cancel);

        // The log from this start on: the engine keeps the earlier starts' output too.
        var since = DateTimeOffset.UtcNow.AddMilliseconds(-1).ToUnixTimeMilliseconds() / 1000.0;
        await engine.Api.StartContainerAsync(id, cancel);
        var state = (await engine.Api.InspectContainerAsync(id, cancel)).State;
        var logs = await engine.Api.ContainerLogsAsync(id, new ContainerLogsParameters
        {
            Follow = true,
            ShowStdout = true,
            ShowStderr = true,
            Since = since.ToString("0.000", CultureInfo.InvariantCulture),
        }, CancellationToken.None);
        return new DockerProgram(engine.Api, id, (int)state.Pid, logs, output);
    }

    private async Task<string> ContainerOfAsync(ProgramStart start, CancellationToken cancel)
    {
        lock (_lock)
        {
            if (_containers.TryGetValue(start.Name, out var made)) return made;
        }

        var id = await engine.Api.CreateContainerAsync(new CreateContainerParameters
        {
            Name = $"{LocalNetwork.Prefix}{runId}-{start.Host.Name}-{start.Name}",
            Image = image,
            Entrypoint = [start.File],
            Cmd = [.. start.Args],
            Env = [.. start.Environment.Where(kv => kv.Value is not null).Select(kv => $"{kv.Key}={kv.Value}")],
            WorkingDir = start.WorkingDirectory,
            Labels = DockerLabels.OfNode(runId, start.Host.Name, start.Name),
            HostConfig = new HostConfig
            {
                NetworkMode = $"container:{infraId}",
                Binds = [.. binds],
                Init = false,
            },
        }, cancel);
        lock (_lock) _containers[start.Name] = id;
        return id;
    }
}
