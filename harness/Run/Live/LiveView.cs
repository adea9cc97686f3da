using Spectre.Console;

namespace ElectionJepsen.Harness.Run.Live;

/// <summary>
/// The one loop that owns the live display (Spectre's live display is not thread-safe): it
/// takes a snapshot from the <see cref="LiveSource"/> and redraws the panel every
/// <see cref="Every"/>, until the test's time is up or the run is cancelled, then draws the
/// last frame and leaves it on the screen. Nothing else writes to the console meanwhile: the
/// run's log holds its console lines back until the loop ends (<see cref="RunLog.Hold"/>).
/// </summary>
public sealed class LiveView(IAnsiConsole console, LiveSource source)
{
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// A console for the run's output, two columns narrower than the terminal: the "^C" the
    /// terminal echoes then lands beside the panel instead of wrapping and scrolling it.
    /// </summary>
    public static IAnsiConsole ConsoleFor(TextWriter stdout)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stdout) });
        console.Profile.Width = Math.Max(40, console.Profile.Width - 2);
        return console;
    }

    /// <summary>Redraws until <paramref name="running"/> says no or <paramref name="cancel"/> fires; never throws for the cancellation.</summary>
    public Task ShowAsync(Func<bool> running, CancellationToken cancel) =>
        console.Live(LivePanel.Render(source.Take())).AutoClear(false).StartAsync(async context =>
        {
            while (running() && !cancel.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(Every, cancel);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl-C: the last frame below, then the run heals and stops.
                }

                context.UpdateTarget(LivePanel.Render(source.Take()));
                context.Refresh();
            }
        });
}
