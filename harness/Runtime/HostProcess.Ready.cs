namespace ElectionJepsen.Harness.Runtime;

/// <summary>A process did not become ready in time, or died first; the message names its log.</summary>
public sealed class NotReadyException(string message) : Exception(message);

public sealed partial class HostProcess
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Waits until the host accepts TCP connections on the port.</summary>
    public Task WaitForPortAsync(int port, TimeSpan timeout, CancellationToken cancel = default) =>
        WaitUntilAsync($"listen on port {port}", () => Probe.CanConnectAsync(Host, Host.Address, port, TimeSpan.FromMilliseconds(250)), timeout, cancel);

    /// <summary>Waits until the log (written since the last start) contains the text.</summary>
    public Task WaitForLogAsync(string text, TimeSpan timeout, CancellationToken cancel = default) =>
        WaitUntilAsync($"log \"{text}\"", () => Task.FromResult(SinceStart().Contains(text, StringComparison.Ordinal)), timeout, cancel);

    /// <summary>Waits until the probe says yes (a command's exit code, a client's answer).</summary>
    public async Task WaitUntilAsync(string what, Func<Task<bool>> probe, TimeSpan timeout, CancellationToken cancel = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            cancel.ThrowIfCancellationRequested();
            if (!IsRunning)
            {
                throw new NotReadyException($"{this} exited (code {ExitCode}) before it would {what}; see {LogPath}:\n{Tail()}");
            }

            if (await probe()) return;
            if (DateTime.UtcNow > deadline)
            {
                throw new NotReadyException($"{this} did not {what} within {Seconds(timeout)}; see {LogPath}:\n{Tail()}");
            }

            await Task.Delay(PollInterval, cancel);
        }
    }
}
