using System.Diagnostics;
using System.Text;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>What a finished command printed and how it exited.</summary>
public sealed record ExecResult(int ExitCode, string Out, string Error)
{
    public bool Ok => ExitCode == 0;
}

/// <summary>A command that failed: its command line, exit code and what it said.</summary>
public sealed class ExecException(string message) : Exception(message);

/// <summary>
/// Runs a program to completion from an argument list (never a shell string), with a
/// timeout; used for ip, iptables, kill and the like.
/// </summary>
public static class Exec
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static async Task<ExecResult> RunAsync(string file, IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null, CancellationToken cancel = default)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new ExecException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), cancel);
            process.StandardInput.Close();
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        limit.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancel.IsCancellationRequested) throw;
            throw new ExecException($"{Describe(file, psi.ArgumentList)} did not finish within {(timeout ?? DefaultTimeout).TotalSeconds:0.#} s");
        }

        return new ExecResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs the command and throws <see cref="ExecException"/> unless it exits 0.</summary>
    public static async Task<string> CheckedAsync(string file, IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null, CancellationToken cancel = default)
    {
        var list = args as IList<string> ?? args.ToList();
        var r = await RunAsync(file, list, stdin, timeout, cancel);
        if (!r.Ok)
        {
            throw new ExecException($"{Describe(file, list)} exited {r.ExitCode}: {(r.Error.Length > 0 ? r.Error : r.Out).Trim()}");
        }

        return r.Out;
    }

    public static string Describe(string file, IEnumerable<string> args)
    {
        var sb = new StringBuilder(file);
        foreach (var a in args) sb.Append(' ').Append(a.Contains(' ', StringComparison.Ordinal) ? $"'{a}'" : a);
        return sb.ToString();
    }
}
