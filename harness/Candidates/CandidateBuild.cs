using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Reports.Text;

namespace ElectionJepsen.Harness.Candidates;

/// <summary>How long a build may take, how often it is said to be still going, and where builds are recorded.</summary>
internal sealed record BuildSettings(TimeSpan Timeout, TimeSpan ProgressEvery, string Records);

/// <summary>
/// Runs a candidate's <c>build</c> in its folder, without a shell, when no successful build is
/// recorded or a file of the folder changed since the last one (<see cref="BuildRecord"/>).
/// </summary>
public static class CandidateBuild
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    /// <summary>How many of the build's last lines a failure shows.</summary>
    public const int TailLines = 20;

    /// <summary>
    /// Builds the candidate when needed, saying so and how long it took; true when it built.
    /// A build that exits non-zero, cannot start or runs past <see cref="Timeout"/> is a
    /// <see cref="CandidateFailedException"/> (exit 69) with the last lines of its output.
    /// </summary>
    public static Task<bool> EnsureBuiltAsync(CandidateManifest m, TextWriter say, CancellationToken cancel) =>
        EnsureBuiltAsync(m, say, new BuildSettings(Timeout, ProgressEvery, BuildRecord.DefaultDirectory()), cancel);

    internal static async Task<bool> EnsureBuiltAsync(CandidateManifest m, TextWriter say, BuildSettings settings, CancellationToken cancel)
    {
        if (m.Build is not { } build) return false;
        var record = new BuildRecord(settings.Records, m.Directory);
        if (record.IsCurrent()) return false;

        record.Forget();
        var command = Exec.Describe(build[0], build.Skip(1));
        await say.WriteLineAsync(TerminalText.Escape($"building {m.Name}: {command}"));
        var took = await RunAsync(m, build, $"building {m.Name}: {command}", say, settings, cancel);
        await say.WriteLineAsync(TerminalText.Escape($"built {m.Name} in {Duration(took)}"));
        if (record.Save() is { } problem)
        {
            await say.WriteLineAsync(TerminalText.Escape($"could not record the build of {m.Name} ({problem}): it will build again next time"));
        }

        return true;
    }

    private static async Task<TimeSpan> RunAsync(CandidateManifest m, IReadOnlyList<string> build, string what, TextWriter say, BuildSettings settings, CancellationToken cancel)
    {
        var program = CandidateProgram.Find(m.Directory, build[0]) ?? throw new CandidateFailedException($"{what}: program \"{build[0]}\" not found");
        var psi = new ProcessStartInfo(program)
        {
            WorkingDirectory = m.Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in build.Skip(1)) psi.ArgumentList.Add(arg);

        var output = new BuildOutput(TailLines);
        using var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.Exited += (_, _) => exited.TrySetResult();
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        var clock = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new CandidateFailedException($"{what}: could not start {program}: {e.Message}");
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(settings.Timeout);
        try
        {
            while (!exited.Task.IsCompleted)
            {
                var tick = Task.Delay(settings.ProgressEvery, limit.Token);
                if (await Task.WhenAny(exited.Task, tick) != tick) break;
                await tick;
                await say.WriteLineAsync(TerminalText.Escape($"still building {m.Name}: {Duration(clock.Elapsed)}"));
            }
        }
        catch (OperationCanceledException)
        {
            Stop(process);
            cancel.ThrowIfCancellationRequested();
            throw new CandidateFailedException($"{what}: did not finish within {Duration(settings.Timeout)}{output.Tail()}");
        }

        // The exit is known; its last lines may still be on their way, but not waited for long:
        // a daemon the build started (a compiler server, Gradle's) may hold the pipes open.
        using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await process.WaitForExitAsync(drain.Token);
        }
        catch (OperationCanceledException)
        {
        }

        return process.ExitCode == 0 ? clock.Elapsed : throw new CandidateFailedException($"{what}: exited {process.ExitCode}{output.Tail()}");
    }

    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // it ended meanwhile
        }
    }

    internal static string Duration(TimeSpan t) => t.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes} min {t.Seconds:00} s")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.0} s");
}
