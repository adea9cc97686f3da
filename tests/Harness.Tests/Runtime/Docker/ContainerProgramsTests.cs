using System.Net;
using Docker.DotNet.Models;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Runtime.Docker;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Runtime.Docker;

/// <summary>A container the harness did not create, as a host's process: its PID the engine's, paused through the freezer, its end noticed, started again and followed into its new namespace.</summary>
public sealed class ContainerProgramsTests : IDisposable
{
    private const string Id = "0123456789abcdef";

    /// <summary>Above any pid_max (at most 2^22): a signal the process sends reaches no process of this machine.</summary>
    private const int NoSuchPid = 2_000_000_000;
    private readonly FakeDockerApi _api = new();
    private readonly TempDir _dir = new();
    private readonly List<long> _followed = [];

    public ContainerProgramsTests()
    {
        _api.Containers.Add(new ContainerListResponse { ID = Id, State = "running" });
        _api.Inspected[Id] = RunningAs(NoSuchPid);
    }

    public void Dispose()
    {
        _api.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_containers_process_has_its_inits_pid_and_pauses_through_the_freezer()
    {
        await using var process = Process();
        await process.StartAsync();

        await process.PauseAsync();
        var paused = process.IsPaused;
        await process.ResumeAsync();

        Assert.Equal(NoSuchPid, process.Pid);
        Assert.True(process.Freezes);
        Assert.True(paused);
        Assert.False(process.IsPaused);
        Assert.Equal([$"pause {Id}", $"unpause {Id}"], _api.Calls);
        await StoppedAsync(process);
    }

    [Fact]
    public async Task A_container_that_stops_is_seen_to_have_exited_with_its_code()
    {
        await using var process = Process();
        await process.StartAsync();

        await StoppedAsync(process);

        Assert.Equal(137, process.ExitCode);
        Assert.True(process.ExitedByItself);
    }

    [Fact]
    public async Task A_killed_container_is_started_again_and_its_new_namespace_followed_before_the_start_returns()
    {
        await using var process = Process();
        await process.StartAsync();
        await StoppedAsync(process);
        _api.StartedAs[Id] = RunningAs(NoSuchPid + 1);

        await process.StartAsync();

        Assert.Equal(NoSuchPid + 1, process.Pid);
        Assert.Contains($"start {Id}", _api.Calls);
        Assert.Equal([NoSuchPid + 1], _followed);
        await StoppedAsync(process);
    }

    [Fact]
    public async Task A_container_started_again_by_its_restart_policy_is_followed_and_one_with_the_same_init_is_not()
    {
        await using var process = Process();
        await process.StartAsync();
        await StoppedAsync(process);
        _api.Inspected[Id] = RunningAs(NoSuchPid + 2);
        await process.StartAsync();
        await StoppedAsync(process);
        _api.Inspected[Id] = RunningAs(NoSuchPid + 2);
        await process.StartAsync();

        Assert.DoesNotContain(_api.Calls, c => c.StartsWith("start", StringComparison.Ordinal));
        Assert.Equal([NoSuchPid + 2], _followed);
        await StoppedAsync(process);
    }

    [Fact]
    public async Task A_container_in_its_restart_policys_delay_is_waited_for_not_started()
    {
        await using var process = Process();
        await process.StartAsync();
        await StoppedAsync(process);
        _api.Inspected[Id] = new ContainerInspectResponse { ID = Id, State = new ContainerState { Running = true, Restarting = true, Pid = 0, Status = "restarting" } };
        var restarted = Task.Run(async () =>
        {
            await Task.Delay(ContainerPrograms.Poll * 3);
            _api.Inspected[Id] = RunningAs(NoSuchPid + 3);
        });

        await process.StartAsync();
        await restarted;

        Assert.Equal(NoSuchPid + 3, process.Pid);
        Assert.DoesNotContain(_api.Calls, c => c.StartsWith("start", StringComparison.Ordinal));
        Assert.Equal([NoSuchPid + 3], _followed);
        await StoppedAsync(process);
    }

    [Fact]
    public async Task A_container_that_cannot_be_followed_is_killed_and_the_error_stands()
    {
        await using var process = new HostProcess(
            new Host("c1", "ej-000000-c1", IPAddress.Loopback) { Programs = new ContainerPrograms(_api, Id, NoSuchPid - 1, (_, _) => throw new ExecException("came back with the address 10.0.0.9")) },
            "000000", "candidate", "container", ["leader #1"], _dir.Path);

        var e = await Assert.ThrowsAsync<ExecException>(() => process.StartAsync());

        Assert.Equal("came back with the address 10.0.0.9", e.Message);
        Assert.Contains($"kill {Id} KILL", _api.Calls);
        Assert.False(process.IsRunning);
    }

    [Theory]
    [InlineData("myservice", "myservice", "latest")]
    [InlineData("myservice:1.4", "myservice", "1.4")]
    [InlineData("registry.example:5000/team/myservice", "registry.example:5000/team/myservice", "latest")]
    [InlineData("registry.example:5000/team/myservice:2", "registry.example:5000/team/myservice", "2")]
    [InlineData("team/myservice@sha256:0123abcd", "team/myservice", "sha256:0123abcd")]
    public void A_pull_asks_for_the_name_and_the_tag_or_digest(string image, string name, string tag)
    {
        Assert.Equal((name, tag), DockerApi.NameAndTag(image));
    }

    [Fact]
    public async Task A_container_that_does_not_start_again_is_an_error_saying_so()
    {
        _api.Inspected[Id] = new ContainerInspectResponse { ID = Id, State = new ContainerState { Running = false, Status = "exited", Error = "no such image" } };
        await using var process = Process();

        var e = await Assert.ThrowsAsync<ExecException>(() => process.StartAsync());

        Assert.Equal($"the container of c1 ({Id[..12]}) did not start again: exited (no such image)", e.Message);
        Assert.Empty(_followed);
    }

    /// <summary>The container stops (137: killed), and the process sees it: so that disposing it signals nothing.</summary>
    private async Task StoppedAsync(HostProcess process)
    {
        _api.Inspected[Id] = new ContainerInspectResponse { ID = Id, State = new ContainerState { Running = false, ExitCode = 137, Status = "exited" } };
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (process.IsRunning) await Task.Delay(ContainerPrograms.Poll, limit.Token);
    }

    /// <summary>The container running, its init <paramref name="pid"/>.</summary>
    private static ContainerInspectResponse RunningAs(long pid) => new() { ID = Id, State = new ContainerState { Running = true, Pid = pid, Status = "running" } };

    private Task Follow(ContainerInspectResponse container)
    {
        _followed.Add(container.State.Pid);
        return Task.CompletedTask;
    }

    private HostProcess Process() =>
        new(new Host("c1", "ej-000000-c1", IPAddress.Loopback) { Programs = new ContainerPrograms(_api, Id, NoSuchPid, (c, _) => Follow(c)) }, "000000", "candidate", "container", ["leader #1"], _dir.Path);
}
