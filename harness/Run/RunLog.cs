using System.Globalization;
using Microsoft.Extensions.Logging;

namespace ElectionJepsen.Harness.Run;

/// <summary>
/// The run's logger: every entry to harness.log in the run directory with its time and
/// level; information and above to the console too, debug with --verbose. The messages
/// themselves are the source-generated methods of <see cref="RunLogMessages"/>. The live
/// progress line is not a log entry: <see cref="Status"/> writes it to the console alone.
/// </summary>
public sealed class RunLog(string path, TextWriter console, bool verbose) : ILogger, IDisposable
{
    private readonly StreamWriter _file = new(path, append: true) { AutoFlush = true };
    private readonly Lock _lock = new();
    private readonly DateTime _start = DateTime.UtcNow;

    public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Debug and < LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        var line = formatter(state, exception);
        var now = DateTime.UtcNow;
        var at = (now - _start).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        lock (_lock)
        {
            _file.WriteLine($"{now:O} +{at}s {Level(logLevel)} {line}");
            if (exception is not null) _file.WriteLine(exception.ToString());
            // An entry with an exception is the run failing: Program reports that on stderr.
            if (exception is null && (logLevel >= LogLevel.Information || verbose)) console.WriteLine(line);
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <summary>A line the console overwrites in place (progress on a terminal), or prints whole (elsewhere).</summary>
    public void Status(string line, bool overwrite)
    {
        lock (_lock)
        {
            if (overwrite) console.Write("\r" + line.PadRight(Math.Min(Console.WindowWidth > 0 ? Console.WindowWidth - 1 : 100, 160)));
            else console.WriteLine(line);
        }
    }

    public void Dispose() => _file.Dispose();

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };
}
