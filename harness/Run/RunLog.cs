using System.Globalization;
using Microsoft.Extensions.Logging;

namespace ElectionJepsen.Harness.Run;

/// <summary>
/// The run's logger: every entry to harness.log in the run directory with its time and
/// level; information and above to the console too, debug with --verbose. The messages
/// themselves are the source-generated methods of <see cref="RunLogMessages"/>. The live
/// progress line is not a log entry: <see cref="Status"/> writes it to the console alone.
/// While the live panel runs, <see cref="Hold"/> keeps the console lines back (the panel shows
/// the latest of them) and prints them when the panel ends.
/// A log file that cannot be written (a full disk) is given up, never thrown at the run.
/// </summary>
public sealed class RunLog(string path, TextWriter console, bool verbose) : ILogger, IDisposable
{
    private readonly StreamWriter _file = new(path, append: true) { AutoFlush = true };
    private readonly Lock _lock = new();
    private readonly DateTime _start = DateTime.UtcNow;
    private List<string>? _held;
    private bool _fileFailed;

    public bool IsEnabled(LogLevel logLevel) => logLevel is >= LogLevel.Debug and < LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel)) return;
        var line = formatter(state, exception);
        var now = DateTime.UtcNow;
        var at = (now - _start).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        lock (_lock)
        {
            ToFile($"{now:O} +{at}s {Level(logLevel)} {line}{(exception is null ? string.Empty : "\n" + exception)}");
            // An entry with an exception is the run failing: Program reports that on stderr.
            if (exception is null && (logLevel >= LogLevel.Information || verbose)) ToConsole(line);
        }
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <summary>A progress line, to the console alone.</summary>
    public void Status(string line)
    {
        lock (_lock) console.WriteLine(line);
    }

    /// <summary>Keeps console lines back until the returned handle is disposed, which prints them in order.</summary>
    public IDisposable Hold()
    {
        lock (_lock) _held ??= [];
        return new Release(this);
    }

    /// <summary>The latest lines held back, at most <paramref name="count"/>.</summary>
    public IReadOnlyList<string> Held(int count)
    {
        lock (_lock) return _held is null ? [] : [.. _held.TakeLast(count)];
    }

    public void Dispose()
    {
        try
        {
            _file.Dispose();
        }
        catch (IOException)
        {
            // What the disk would not take is lost; the console had it.
        }
    }

    private void ToConsole(string line)
    {
        if (_held is not null) _held.Add(line);
        else console.WriteLine(line);
    }

    private void Unhold()
    {
        lock (_lock)
        {
            var held = _held ?? [];
            _held = null;
            foreach (var line in held) console.WriteLine(line);
        }
    }

    private void ToFile(string entry)
    {
        if (_fileFailed) return;
        try
        {
            _file.WriteLine(entry);
        }
        catch (IOException)
        {
            _fileFailed = true;
        }
    }

    private sealed class Release(RunLog log) : IDisposable
    {
        public void Dispose() => log.Unhold();
    }

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
