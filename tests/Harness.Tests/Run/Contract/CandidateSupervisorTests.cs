using System.Net;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.Harness.Run.Contract;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.TestSupport;
using HistoryT = ElectionJepsen.Checkers.History.History;

namespace ElectionJepsen.Harness.Tests.Run.Contract;

/// <summary>The supervisor of the candidates' programs, with programs that exit and starts that fail as the test says.</summary>
public sealed class CandidateSupervisorTests : IDisposable
{
    /// <summary>Above any pid_max: a signal to it reaches no process of this machine.</summary>
    private const int NoSuchPid = 2_000_000_000;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_program_that_exits_is_started_again_and_a_start_that_fails_is_noted_and_tried_again()
    {
        var programs = new ScriptedPrograms();
        var path = Path.Combine(_dir.Path, "history.jsonl");
        var history = new HistoryWriter(path);
        var session = new ContractSession("c1", history, new Ledger(fencing: true), new LeaderTracker());
        await using var process = new HostProcess(new Host("c1", "ej-000000-c1", IPAddress.Loopback) { Programs = programs }, "000000", "candidate", "leader", [], _dir.Path);
        await process.StartAsync();
        var supervisor = new CandidateSupervisor([(new ClusterNode(process, NodeRole.Candidate), session)], history);

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var running = supervisor.RunAsync(stop.Token);
        while (!(programs.Starts >= 3 && process.IsRunning) && !stop.IsCancellationRequested) await Task.Delay(100);
        await stop.CancelAsync();
        await running;
        var runsAtLast = process.IsRunning;
        programs.Last?.Exit();
        history.Dispose();

        // The first start exits, the second fails, the third runs.
        Assert.Equal(3, programs.Starts);
        Assert.True(runsAtLast);
        Assert.Equal(1, supervisor.Restarts);
        var notes = HistoryT.Load(path).Notes.Select(n => n.Value.ToJson() ?? string.Empty).ToList();
        Assert.Contains(notes, n => n.Contains("exited by itself with code 1", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("could not be started again (the engine said no)", StringComparison.Ordinal));
    }

    /// <summary>Starts as scripted: a program that exits with code 1, then a failure, then one that runs until told.</summary>
    private sealed class ScriptedPrograms : IProgramRunner
    {
        public int Starts { get; private set; }

        public Program? Last { get; private set; }

        public Task<IRunningProgram> StartAsync(ProgramStart start, OutputSink output, CancellationToken cancel)
        {
            Starts++;
            if (Starts == 2) throw new ExecException("the engine said no");
            Last = new Program();
            if (Starts == 1) Last.Exit(1);
            return Task.FromResult<IRunningProgram>(Last);
        }
    }

    private sealed class Program : IRunningProgram
    {
        private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Pid => NoSuchPid;

        public bool HasExited => _exited.Task.IsCompleted;

        public int? ExitCode { get; private set; }

        public Task Drained => Task.CompletedTask;

        public void Exit(int code = 0)
        {
            ExitCode = code;
            _exited.TrySetResult();
        }

        public Task WaitForExitAsync(CancellationToken cancel) => _exited.Task.WaitAsync(cancel);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
