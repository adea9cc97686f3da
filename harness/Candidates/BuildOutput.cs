namespace ElectionJepsen.Harness.Candidates;

/// <summary>The last lines a build printed, from stdout and stderr as they come; safe to add to from both at once.</summary>
internal sealed class BuildOutput(int keep)
{
    /// <summary>The longest line kept; the rest of a longer one is cut.</summary>
    private const int MaxLine = 500;

    private readonly Queue<string> _lines = new();
    private readonly Lock _lock = new();
    private long _count;

    /// <summary>Adds a line; null (the end of a stream) is ignored.</summary>
    public void Add(string? line)
    {
        if (line is null) return;
        if (line.Length > MaxLine) line = line[..MaxLine] + "...";
        lock (_lock)
        {
            _lines.Enqueue(line);
            if (_lines.Count > keep) _lines.Dequeue();
            _count++;
        }
    }

    /// <summary>The end of a failure's message: the last lines, one a line, or that it printed nothing.</summary>
    public string Tail()
    {
        lock (_lock)
        {
            if (_count == 0) return "; it printed nothing";
            var which = _count > _lines.Count ? $"the last {_lines.Count} lines of its output" : "its output";
            return $"; {which}:\n" + string.Join('\n', _lines.Select(l => "  " + l));
        }
    }
}
