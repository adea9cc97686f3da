using Docker.DotNet;

namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>
/// One start of a worker container: its output followed until the container stops (the
/// engine ends the stream then), and then its exit code read.
/// </summary>
internal sealed class DockerProgram : IRunningProgram
{
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DockerProgram(IDockerApi api, string container, int pid, MultiplexedStream logs, OutputSink output)
    {
        Pid = pid;
        Drained = FollowAsync(api, container, logs, output);
    }

    public int Pid { get; }

    public bool HasExited => _exited.Task.IsCompleted;

    public int? ExitCode => _exited.Task.IsCompletedSuccessfully ? _exited.Task.Result : null;

    public Task Drained { get; }

    public Task WaitForExitAsync(CancellationToken cancel) => _exited.Task.WaitAsync(cancel);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Drained;
        }
        catch (Exception e) when (e is DockerApiException or IOException or HttpRequestException)
        {
            // The container went with the run's network; nothing left to read.
        }
    }

    private async Task FollowAsync(IDockerApi api, string container, MultiplexedStream logs, OutputSink output)
    {
        try
        {
            using (logs)
            {
                var buffer = new byte[8192];
                while (true)
                {
                    var read = await logs.ReadOutputAsync(buffer, 0, buffer.Length, CancellationToken.None);
                    if (read.EOF) break;
                    output(buffer.AsSpan(0, read.Count));
                }
            }
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            // The stream broke: the container is judged by its state below.
        }

        _exited.TrySetResult(await ExitCodeAsync(api, container));
    }

    /// <summary>The exit code once the engine says the container stopped (its stream may end a moment before); -1 if it is gone.</summary>
    private static async Task<int> ExitCodeAsync(IDockerApi api, string container)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                var state = (await api.InspectContainerAsync(container, CancellationToken.None)).State;
                if (!state.Running) return (int)state.ExitCode;
            }
            catch (DockerApiException)
            {
                return -1;
            }

            await Task.Delay(50);
        }

        return -1;
    }
}
