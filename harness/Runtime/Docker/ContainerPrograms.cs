using System.Globalization;
using Docker.DotNet.Models;

namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>
/// A program that is a whole container the harness did not create (a service of a user's
/// compose project), running already: starting it takes its init's PID from the engine, so
/// that <see cref="HostProcess"/>'s signals reach it; it pauses through the cgroup freezer
/// (<see cref="IFreezable"/>). A container that has stopped (killed) is started again; one
/// whose init is not the one whose namespace the host's name holds (started again, by us or
/// by its restart policy, whose delay is waited out) has a new network namespace, and
/// <paramref name="cameBack"/> is given it to follow before the start returns; one that
/// cannot be followed is killed, so that nothing runs that the run does not see. The container's output is the engine's, not
/// the harness's: the sink is given nothing.
/// </summary>
public sealed class ContainerPrograms(IDockerApi api, string container, long namespacePid, Func<ContainerInspectResponse, CancellationToken, Task> cameBack) : IProgramRunner
{
    public bool OnThisMachine => false;

    /// <summary>How often whether the container still runs is asked.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private long _namespacePid = namespacePid;

    public string Container { get; } = container;

    /// <summary>How long a container that its restart policy is about to start again is waited for.</summary>
    public static readonly TimeSpan RestartWait = TimeSpan.FromSeconds(30);

    public async Task<IRunningProgram> StartAsync(ProgramStart start, OutputSink output, CancellationToken cancel)
    {
        try
        {
            return await StartOrAdoptAsync(start, cancel);
        }
        catch (global::Docker.DotNet.DockerApiException e)
        {
            throw new ExecException($"the container of {start.Host.Name} ({Short}): the engine answered {(int)e.StatusCode}: {e.ResponseBody.Trim()}");
        }
    }

    private string Short => Container[..Math.Min(12, Container.Length)];

    private async Task<IRunningProgram> StartOrAdoptAsync(ProgramStart start, CancellationToken cancel)
    {
        var inspected = await api.InspectContainerAsync(Container, cancel);

        // Its restart policy's delay: the engine starts it again by itself.
        var waitUntil = DateTime.UtcNow + RestartWait;
        while (inspected.State.Restarting && DateTime.UtcNow < waitUntil)
        {
            await Task.Delay(Poll, cancel);
            inspected = await api.InspectContainerAsync(Container, cancel);
        }

        if (!inspected.State.Running)
        {
            await api.StartContainerAsync(Container, cancel);
            inspected = await api.InspectContainerAsync(Container, cancel);
        }

        var state = inspected.State;
        if (!state.Running || state.Pid <= 0)
        {
            throw new ExecException($"the container of {start.Host.Name} ({Short}) did not start again: {state.Status}{(string.IsNullOrEmpty(state.Error) ? string.Empty : $" ({state.Error})")}");
        }

        if (state.Pid != _namespacePid)
        {
            try
            {
                await cameBack(inspected, cancel);
            }
            catch
            {
                // Running where the run cannot follow it, it would lead unseen: it is stopped, and the error stands.
                try
                {
                    await api.KillContainerAsync(Container, "KILL", CancellationToken.None);
                }
                catch (global::Docker.DotNet.DockerApiException)
                {
                    // Gone or stopped already.
                }

                throw;
            }

            _namespacePid = state.Pid;
        }

        return new Running(api, Container, (int)state.Pid);
    }

    private sealed class Running : IRunningProgram, IFreezable
    {
        private readonly IDockerApi _api;
        private readonly string _container;
        private readonly CancellationTokenSource _stop = new();
        private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Task _watch;
        private int? _exitCode;

        public Running(IDockerApi api, string container, int pid)
        {
            _api = api;
            _container = container;
            Pid = pid;
            _watch = WatchAsync();
        }

        public int Pid { get; }

        public bool HasExited => _exited.Task.IsCompleted;

        public int? ExitCode => _exitCode;

        public Task Drained => Task.CompletedTask;

        public Task WaitForExitAsync(CancellationToken cancel) => _exited.Task.WaitAsync(cancel);

        public Task FreezeAsync(CancellationToken cancel) => _api.PauseContainerAsync(_container, cancel);

        public Task ThawAsync(CancellationToken cancel) => _api.UnpauseContainerAsync(_container, cancel);

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _watch;
            _stop.Dispose();
        }

        /// <summary>Until the container's init is no longer the one started (it stopped, or was started again as another), or the container is gone.</summary>
        private async Task WatchAsync()
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    await Task.Delay(Poll, _stop.Token);
                    ContainerState state;
                    try
                    {
                        state = (await _api.InspectContainerAsync(_container, _stop.Token)).State;
                    }
                    catch (global::Docker.DotNet.DockerContainerNotFoundException)
                    {
                        _exited.TrySetResult();
                        return;
                    }

                    if (!state.Running || state.Pid != Pid)
                    {
                        _exitCode = state.Running ? null : (int)state.ExitCode;
                        _exited.TrySetResult();
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"container {_container} (pid {Pid})");
    }
}
