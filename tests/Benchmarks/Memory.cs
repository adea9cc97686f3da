namespace ElectionJepsen.Benchmarks;

/// <summary>Resident memory of this process, from /proc (Linux).</summary>
internal static class Memory
{
    /// <summary>Resets the peak resident size (VmHWM) to the current size.</summary>
    public static void ResetPeak() => File.WriteAllText("/proc/self/clear_refs", "5");

    public static long PeakBytes() => Read("VmHWM:");

    public static long CurrentBytes() => Read("VmRSS:");

    private static long Read(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }
}
