using System.Globalization;
using ElectionJepsen.Reports.Store;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>
/// A program running on a host: started from an argument list by the host's
/// <see cref="IProgramRunner"/> (inside its network namespace, or in its container), so that
/// <see cref="Pid"/> is the program's own PID on this machine,
/// with its own environment (a null value removes a variable), stdout and stderr appended to <c>nodes/HOST/NAME.log</c>.
/// It can be waited for, stopped, killed, paused, resumed and restarted with the same
/// arguments. The run id is in its environment (<c>EJ_RUN_ID</c>).
/// </summary>
public sealed partial class HostProcess : IAsyncDisposable
{
    private readonly string _file;
    private readonly IReadOnlyList<string> _args;
    private readonly IReadOnlyDictionary<string, string?> _environment;
    private readonly Lock _logLock = new();
    private IRunningProgram? _program;
    private FileStream? _log;
    private long _startOffset;
    private bool _exitAsked;

    public HostProcess(Host host, string runId, string name, string file, IReadOnlyList<string> args, string runDirectory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        Host = host;
        Name = name;
        _file = file;
        _args = args;
        _environment = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>()) { ["EJ_RUN_ID"] = runId };
        LogPath = StoreLayout.NodeLog(runDirectory, host.Name, name);
    }

    public Host Host { get; }

    public string Name { get; }

    public string LogPath { get; }

    public int Pid => _program?.Pid ?? 0;

    public bool IsRunning => _program is { HasExited: false };

    public bool IsPaused { get; private set; }

    /// <summary>How many times it has been started.</summary>
    public int Starts { get; private set; }

    /// <summary>
    /// Signals go to the whole tree it forked, not to its own PID alone (<see cref="Signals.SendTree"/>):
    /// for a server that forks a process per connection, so that a paused server serves nobody
    /// and a killed one leaves no session behind.
    /// </summary>
    public bool WholeTree { get; init; }

    /// <summary>The folder it runs in; null for the harness's own.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>It has exited since its last start without being stopped or killed: by itself.</summary>
    public bool ExitedByItself => _program is { HasExited: true } && !_exitAsked;

    /// <summary>Its exit code, once it has exited; null while it runs or before its first start.</summary>
    public int? ExitCode => _program?.ExitCode;

    public async Task StartAsync(CancellationToken cancel = default)
    {
        if (IsRunning) throw new InvalidOperationException($"{this} is already running");
        Directory.CreateDirectory(Path.GetDirectoryName(LogPath)!);
        _log ??= new FileStream(LogPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        WriteLog($"--- {DateTime.UtcNow:O} starting: {Exec.Describe(_file, _args)}\n");
        _startOffset = _log.Length;
        _exitAsked = false;
        if (_program is { } ended) await ended.DisposeAsync();
        _program = null;
        _program = await Host.Programs.StartAsync(new ProgramStart(Host, Name, _file, _args, _environment, WorkingDirectory), WriteLog, cancel);
        IsPaused = false;
        Starts++;
    }

    /// <summary>SIGTERM, then SIGKILL if it has not exited within the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_program is not { HasExited: false } program) return;
        _exitAsked = true;
        if (IsPaused) await ResumeAsync();
        Signal(Signals.Term);
        using var limit = new CancellationTokenSource(grace);
        try
        {
            await program.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }

        await program.Drained;
    }

    /// <summary>SIGKILL, and wait until it is gone.</summary>
    public async Task KillAsync()
    {
        if (_program is not { HasExited: false } program) return;
        _exitAsked = true;
        if (IsPaused && Freezes) await ResumeAsync();
        Signal(Signals.Kill);
        await program.WaitForExitAsync(CancellationToken.None);
        await program.Drained;
        IsPaused = false;
    }

    /// <summary>It pauses through the cgroup freezer (<see cref="IFreezable"/>), not by SIGSTOP.</summary>
    public bool Freezes => _program is IFreezable;

    /// <summary>Through the freezer where it has one, else <see cref="Pause"/>.</summary>
    public async Task PauseAsync(CancellationToken cancel = default)
    {
        if (_program is IFreezable freezer && !_program.HasExited)
        {
            await freezer.FreezeAsync(cancel);
            IsPaused = true;
        }
        else
        {
            Pause();
        }
    }

    /// <summary>Through the freezer where it has one (only when paused), else <see cref="Resume"/>.</summary>
    public async Task ResumeAsync(CancellationToken cancel = default)
    {
        if (_program is IFreezable { } freezer)
        {
            if (IsPaused && !_program.HasExited) await freezer.ThawAsync(cancel);
            IsPaused = false;
        }
        else
        {
            Resume();
        }
    }

    public void Pause()
    {
        if (_program is { HasExited: false } && Signal(Signals.Stop)) IsPaused = true;
    }

    public void Resume()
    {
        if (_program is { HasExited: false }) Signal(Signals.Cont);
        IsPaused = false;
    }

    /// <summary>Kills it (if running) and starts it again with the same arguments and environment.</summary>
    public async Task RestartAsync(CancellationToken cancel = default)
    {
        await KillAsync();
        await StartAsync(cancel);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        if (_program is { } program) await program.DisposeAsync();
        _log?.Dispose();
    }

    public override string ToString() => $"{Name} on {Host.Name}";

    private bool Signal(int signal) => WholeTree ? Signals.SendTree(_program!.Pid, signal) : Signals.Send(_program!.Pid, signal);

    private void WriteLog(string text) => WriteLog(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>Appends to the log; what a full disk will not take is dropped, so the program is still drained and never blocks on its output.</summary>
    private void WriteLog(ReadOnlySpan<byte> bytes)
    {
        lock (_logLock)
        {
            try
            {
                _log!.Write(bytes);
                _log.Flush();
            }
            catch (IOException)
            {
                // Dropped: the disk is full or failing.
            }
        }
    }

    internal string Tail(int lines = 10) =>
        string.Join('\n', SinceStart().Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(lines));

    /// <summary>What the log got since the last start.</summary>
    internal string SinceStart()
    {
        try
        {
            using var s = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            s.Seek(Math.Min(_startOffset, s.Length), SeekOrigin.Begin);
            using var r = new StreamReader(s);
            return r.ReadToEnd();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    internal static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture) + " s";
}
