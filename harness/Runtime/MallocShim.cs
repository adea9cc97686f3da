using System.Security.Cryptography;

namespace ElectionJepsen.Harness.Runtime;

/// <summary>
/// Builds (once per machine, with gcc) the preload that keeps redis-server's jemalloc from
/// deadlocking under libfaketime, and caches it by the hash of its source.
/// </summary>
public static class MallocShim
{
    public static string CacheDirectory { get; set; } = "/var/cache/electionjepsen";

    private static readonly SemaphoreSlim Building = new(1, 1);

    public static async Task<string> PathAsync(CancellationToken cancel = default)
    {
        using var source = typeof(MallocShim).Assembly.GetManifestResourceStream("malloc_shim.c")!;
        using var reader = new StreamReader(source);
        var code = await reader.ReadToEndAsync(cancel);
        var hash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(code)))[..12];
        var library = Path.Combine(CacheDirectory, $"malloc-shim-{hash}.so");
        if (File.Exists(library)) return library;
        await Building.WaitAsync(cancel);
        try
        {
            if (File.Exists(library)) return library;
            Directory.CreateDirectory(CacheDirectory);
            var src = Path.Combine(CacheDirectory, $"malloc-shim-{hash}.c");
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
