using System.Globalization;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>
/// One process's own clock through libfaketime, set through its environment:
/// an offset read from a file at every call (so it can be bumped, reset or strobed while
/// the process runs), or a rate fixed at start. Only the wall clock moves with the offset;
/// the monotonic clock is left alone, so timers and sleeps behave.
/// </summary>
public sealed class FakeClock
{
    public const string Library = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

    private FakeClock(string? offsetFile, double? rate, string? preloadFirst)
    {
        OffsetFile = offsetFile;
        Rate = rate;
        PreloadFirst = preloadFirst;
    }

    /// <summary>The file holding the offset (offset mode), e.g. "+60s".</summary>
    public string? OffsetFile { get; }

    /// <summary>The clock's rate (rate mode), e.g. 2 for a clock running twice as fast.</summary>
    public double? Rate { get; }

    /// <summary>A library to preload before libfaketime (the malloc shim, for redis-server).</summary>
    public string? PreloadFirst { get; }

    public static FakeClock WithOffset(string offsetFile, string? preloadFirst = null)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(offsetFile)!);
        File.WriteAllText(offsetFile, "+0s");
        return new FakeClock(offsetFile, null, preloadFirst);
    }

    public static FakeClock WithRate(double rate, string? preloadFirst = null) => new(null, rate, preloadFirst);

    /// <summary>The environment to start the process with.</summary>
    public IReadOnlyDictionary<string, string?> Environment()
    {
        var preload = PreloadFirst is null ? Library : $"{PreloadFirst}:{Library}";
        if (Rate is { } rate)
        {
            return new Dictionary<string, string?>
            {
                ["LD_PRELOAD"] = preload,
                ["FAKETIME_TIMESTAMP_FILE"] = null,
                ["FAKETIME"] = "+0 x" + rate.ToString("0.###", CultureInfo.InvariantCulture),
                ["FAKETIME_NO_CACHE"] = "1",
            };
        }

        return new Dictionary<string, string?>
        {
            ["LD_PRELOAD"] = preload,

            // FAKETIME would override the file.
            ["FAKETIME"] = null,
            ["FAKETIME_TIMESTAMP_FILE"] = OffsetFile!,
            ["FAKETIME_NO_CACHE"] = "1",
            ["FAKETIME_DONT_FAKE_MONOTONIC"] = "1",
            ["FAKETIME_FORCE_MONOTONIC_FIX"] = "0",
        };
    }

    /// <summary>Sets the offset from the real wall clock (offset mode only).</summary>
    public void SetOffset(TimeSpan offset)
    {
        if (OffsetFile is null) throw new InvalidOperationException("this clock has a fixed rate; its offset cannot change while it runs");
        var seconds = (long)Math.Round(offset.TotalSeconds);
        var temp = OffsetFile + ".tmp";
        File.WriteAllText(temp, (seconds >= 0 ? "+" : string.Empty) + seconds.ToString(CultureInfo.InvariantCulture) + "s");
        File.Move(temp, OffsetFile, overwrite: true);
    }
}
