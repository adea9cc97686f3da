using Docker.DotNet.Models;

namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>
/// The engine's progress messages of one build, import or pull: every line of output goes to
/// the log, the last few and the current build step are kept, and so is an error. The engine
/// reports a failed build or import in this stream, not by failing the request: after the call
/// returns, <see cref="ThrowIfFailed"/> says what went wrong. Reported to synchronously (never
/// through <see cref="Progress{T}"/>, whose callbacks could arrive after the call returns).
/// </summary>
public sealed class EngineProgress(TextWriter log) : IProgress<JSONMessage>
{
    /// <summary>How many of the last lines of output an error quotes.</summary>
    public const int Kept = 8;

    private readonly Lock _lock = new();
    private readonly Queue<string> _last = new();

    /// <summary>The engine's error, if it reported one.</summary>
    public string? Error { get; private set; }

    /// <summary>The build step under way (<c>Step 3/5 : RUN ...</c>), once one started.</summary>
    public string? Step { get; private set; }

    public IReadOnlyList<string> LastLines
    {
        get
        {
            lock (_lock) return [.. _last];
        }
    }

    public void Report(JSONMessage value)
    {
        lock (_lock)
        {
            var error = value.Error?.Message is { Length: > 0 } detail ? detail : value.ErrorMessage;
            if (!string.IsNullOrEmpty(error))
            {
                Error ??= error.Trim();
                Write($"error: {error.Trim()}");
            }

            foreach (var line in (value.Stream ?? string.Empty).Split('\n'))
            {
                var text = line.TrimEnd('\r');
                if (text.Trim().Length == 0) continue;
                if (text.StartsWith("Step ", StringComparison.Ordinal)) Step = text.Trim();
                Write(text);
            }

            if (value.Stream is null && !string.IsNullOrEmpty(value.Status))
            {
                Write(string.IsNullOrEmpty(value.ID) ? value.Status : $"{value.ID}: {value.Status}");
            }
        }
    }

    /// <summary>
    /// Throws (exit 69) when the engine reported an error: <paramref name="what"/> failed, at
    /// which step, with the engine's message, the last lines of output and the log's path.
    /// </summary>
    public void ThrowIfFailed(string what, string logPath)
    {
        if (Error is null) return;
        var at = Step is null ? string.Empty : $" at {Step}";
        var last = LastLines.Where(l => !l.StartsWith("error: ", StringComparison.Ordinal) && !IsBookkeeping(l)).TakeLast(Kept).ToList();
        var quoted = last.Count == 0 ? string.Empty : $"; its last lines: {string.Join(" | ", last.Select(l => l.Trim()))}";
        throw new PrerequisiteException($"{what} failed{at}: {Error}{quoted}; the whole output is in {logPath}");
    }

    /// <summary>The legacy builder's lines about its own layers and containers (<c> ---> 1a2b</c>, <c>Removing intermediate container</c>): kept in the log, left out of an error.</summary>
    private static bool IsBookkeeping(string line) =>
        line.StartsWith(" ---> ", StringComparison.Ordinal) || line.StartsWith("Removing intermediate container", StringComparison.Ordinal);

    private void Write(string line)
    {
        log.WriteLine(line);
        _last.Enqueue(line);
        while (_last.Count > 3 * Kept) _last.Dequeue();
    }
}
