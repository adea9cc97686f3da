using System.Diagnostics;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>Takes a program's output as it comes (stdout and stderr, in arrival order).</summary>
public delegate void OutputSink(ReadOnlySpan<byte> bytes);

/// <summary>
/// What starting a program on a host needs: its file and arguments as an argument list (never
/// a shell string), its environment (a null value removes a variable) and the folder it runs in.
/// </summary>
public sealed record ProgramStart(Host Host, string Name, string File, IReadOnlyList<string> Args, IReadOnlyDictionary<string, string?> Environment, string? WorkingDirectory);

/// <summary>
/// How programs run on a kind of host: on this machine inside the host's network namespace,
/// or in a container. <see cref="HostProcess"/> owns the rest (its log, its signals, restarts).
/// </summary>
public interface IProgramRunner
{
    /// <summary>Starts the program; its output goes to <paramref name="output"/> until it ends.</summary>
    Task<IRunningProgram> StartAsync(ProgramStart start, OutputSink output, CancellationToken cancel);

    /// <summary>
    /// Whether the programs see this machine's files and users (else a container's, with the
    /// run's folder mounted): where a server's data may be made for it.
    /// </summary>
    bool OnThisMachine => true;
}

/// <summary>A started program, as <see cref="HostProcess"/> sees it.</summary>
public interface IRunningProgram : IAsyncDisposable
{
    /// <summary>Its PID on this machine, where signals reach it.</summary>
    int Pid { get; }

    bool HasExited { get; }

    /// <summary>Its exit code once it has exited, else null.</summary>
    int? ExitCode { get; }

    Task WaitForExitAsync(CancellationToken cancel);

    /// <summary>Completes when all its output has gone to the sink.</summary>
    Task Drained { get; }
}

/// <summary>
/// A program that pauses through its cgroup's freezer (a container's <c>docker pause</c>)
/// rather than by SIGSTOP: what a container the harness did not create needs, as signals to
/// its init alone leave its other processes running.
/// </summary>
public interface IFreezable
{
    Task FreezeAsync(CancellationToken cancel);

    Task ThawAsync(CancellationToken cancel);
}

/// <summary>
/// Programs on this machine: <c>ip netns exec NAMESPACE FILE ARGS…</c>, which execs into the
/// program, so the PID is the program's own.
/// </summary>
public sealed class LocalPrograms : IProgramRunner
{
    public static LocalPrograms Instance { get; } = new();

    private LocalPrograms()
    {
    }

    public Task<IRunningProgram> StartAsync(ProgramStart start, OutputSink output, CancellationToken cancel)
    {
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        if (start.WorkingDirectory is not null) psi.WorkingDirectory = start.WorkingDirectory;
        foreach (var a in new[] { "netns", "exec", start.Host.Namespace, start.File }.Concat(start.Args)) psi.ArgumentList.Add(a);
        foreach (var (k, v) in start.Environment)
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }

        var process = Process.Start(psi) ?? throw new ExecException($"could not start {start.File} on {start.Host.Name}");
        process.StandardInput.Close();
        return Task.FromResult<IRunningProgram>(new Running(process, output));
    }

    private sealed class Running(Process process, OutputSink output) : IRunningProgram
    {
        public int Pid { get; } = process.Id;

        public bool HasExited => process.HasExited;

        public int? ExitCode => process.HasExited ? process.ExitCode : null;

        public Task Drained { get; } = Task.WhenAll(Pump(process.StandardOutput.BaseStream, output), Pump(process.StandardError.BaseStream, output));

        public Task WaitForExitAsync(CancellationToken cancel) => process.WaitForExitAsync(cancel);

        public ValueTask DisposeAsync()
        {
            process.Dispose();
            return ValueTask.CompletedTask;
        }

        private static async Task Pump(Stream from, OutputSink output)
        {
            var buffer = new byte[8192];
            int n;
            while ((n = await from.ReadAsync(buffer)) > 0)
            {
                output(buffer.AsSpan(0, n));
            }
        }
    }
}
