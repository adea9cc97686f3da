using System.Globalization;

namespace ElectionJepsen.Harness.Run;

/// <summary>The run's log: every line to harness.log with its time; the main ones to the console too.</summary>
public sealed class RunLog(string path, TextWriter console, bool verbose) : IDisposable
{
    private readonly StreamWriter _file = new(path, append: true) { AutoFlush = true };
    private readonly Lock _lock = new();
    private readonly DateTime _start = DateTime.UtcNow;

    /// <summary>For people: printed and logged.</summary>
    public void Info(string line)
    {
        Write(line);
        lock (_lock) console.WriteLine(line);
    }

    /// <summary>Logged; printed with --verbose.</summary>
    public void Detail(string line)
    {
        Write(line);
        if (verbose)
        {
            lock (_lock) console.WriteLine(line);
        }
    }

    /// <summary>A line the console overwrites in place (progress on a terminal).</summary>
    public void Status(string line, bool overwrite)
    {
        lock (_lock)
        {
            if (overwrite) console.Write("\r" + line.PadRight(Math.Min(Console.WindowWidth > 0 ? Console.WindowWidth - 1 : 100, 160)));
            else console.WriteLine(line);
        }
    }

    public void Dispose() => _file.Dispose();

    private void Write(string line)
    {
        var at = (DateTime.UtcNow - _start).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        lock (_lock) _file.WriteLine($"{DateTime.UtcNow:O} +{at}s {line}");
    }
}
