using System.Security.Cryptography;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>
/// A small library preloaded before libfaketime to work around one of its traps, built (once
/// per machine, with gcc) from its C source in the harness and cached by the hash of that source.
/// </summary>
public sealed class PreloadShim(string source, string name)
{
    /// <summary>Keeps redis-server's jemalloc from deadlocking inside libfaketime's initialisation.</summary>
    public static PreloadShim Malloc { get; } = new("malloc_shim.c", "malloc-shim");

    /// <summary>Lets sleeps on the monotonic clock reach the kernel as they are (Python's time.sleep fails under libfaketime otherwise).</summary>
    public static PreloadShim MonotonicSleep { get; } = new("monotonic_sleep_shim.c", "monotonic-sleep-shim");

    public static string CacheDirectory { get; set; } = "/var/cache/electionjepsen";

    private static readonly SemaphoreSlim Building = new(1, 1);

    public async Task<string> PathAsync(CancellationToken cancel = default)
    {
        using var stream = typeof(PreloadShim).Assembly.GetManifestResourceStream(source)!;
        using var reader = new StreamReader(stream);
        var code = await reader.ReadToEndAsync(cancel);
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(code)))[..12];
        var library = Path.Combine(CacheDirectory, $"{name}-{hash}.so");
        if (File.Exists(library)) return library;
        await Building.WaitAsync(cancel);
        try
        {
            if (File.Exists(library)) return library;
            Directory.CreateDirectory(CacheDirectory);
            var src = Path.Combine(CacheDirectory, $"{name}-{hash}.c");
            await File.WriteAllTextAsync(src, code, cancel);
            var temp = library + $".{Environment.ProcessId}.tmp";
            await Exec.CheckedAsync("gcc", ["-O2", "-shared", "-fPIC", "-o", temp, src, "-ldl"], timeout: TimeSpan.FromMinutes(1), cancel: cancel);
            File.Move(temp, library, overwrite: true);
            return library;
        }
        finally
        {
            Building.Release();
        }
    }
}
