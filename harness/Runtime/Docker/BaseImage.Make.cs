using System.Diagnostics;
using Docker.DotNet.Models;

namespace ElectionJepsen.Harness.Runtime.Docker;

public static partial class BaseImage
{
    public static Requirement Debootstrap { get; } = Requirement.Program("debootstrap", "debootstrap");

    /// <summary>The lock two harnesses take so that only one makes the base.</summary>
    public static string LockPath { get; set; } = "/var/cache/electionjepsen/base-image.lock";

    public static readonly TimeSpan LockWait = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan DebootstrapTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Makes the base from Debian's archive: <c>debootstrap --variant=minbase</c> into a scratch
    /// folder, apt's caches removed, a tar of it (numeric owners) imported as <see cref="Made"/>
    /// labelled with <paramref name="digest"/>. Under a file lock, so that a second harness waits
    /// and then finds it made; the scratch folder is removed whatever happens.
    /// </summary>
    internal static async Task<DockerImage> MakeAsync(IDockerApi api, string mirror, string digest, TextWriter say, string logPath, CancellationToken cancel)
    {
        using var held = await AptInstaller.LockAsync(LockPath, LockWait, cancel);
        if (await FindMadeAsync(api, digest, cancel) is { } madeMeanwhile) return madeMeanwhile;
        await Prerequisites.InstallMissingAsync("making the base image", [Debootstrap], say, cancel: cancel);

        await say.WriteLineAsync($"no base image here and no registry to pull {Registry} from: making {Made} from Debian's archive ({mirror}) with debootstrap, once (about a minute; output in {logPath})");
        var took = Stopwatch.StartNew();
        var root = Directory.CreateTempSubdirectory("electionjepsen-base-").FullName;
        try
        {
            await using var log = ImageBuilder.OpenLog(logPath);
            await log.WriteLineAsync($"== {DateTime.UtcNow:O} making {Made}");
            await RunLoggedAsync("debootstrap", [$"--variant={Variant}", Suite, root, mirror], log, logPath, cancel);
            foreach (var cache in new[] { "var/cache/apt/archives", "var/lib/apt/lists" }) EmptyFiles(Path.Combine(root, cache));
            await ImportAsync(api, root, digest, log, logPath, cancel);
            var made = await api.InspectImageAsync(Made, cancel) ?? throw new PrerequisiteException($"importing {Made} reported no error, yet there is no such image; see {logPath}");
            await say.WriteLineAsync($"made the base image {Made} in {took.Elapsed.TotalSeconds:0} s");
            return new DockerImage(made.ID, Made);
        }
        finally
        {
            await RemoveRootAsync(root);
        }
    }

    /// <summary>Streams a tar of <paramref name="root"/> (numeric owners, as root made them) into an import.</summary>
    private static async Task ImportAsync(IDockerApi api, string root, string digest, TextWriter log, string logPath, CancellationToken cancel)
    {
        var psi = new ProcessStartInfo("tar") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-C", root, "--numeric-owner", "-c", "." }) psi.ArgumentList.Add(a);
        using var tar = Process.Start(psi) ?? throw new PrerequisiteException("could not start tar to import the base image");
        var errors = tar.StandardError.ReadToEndAsync(cancel);
        try
        {
            var progress = new EngineProgress(log);
            var parameters = new ImagesCreateParameters
            {
                Repo = MadeRepository,
                Tag = MadeTag,
                Changes = [$"LABEL {DockerLabels.Inputs}={digest}", "CMD [\"/bin/bash\"]"],
            };
            await api.ImportImageAsync(parameters, tar.StandardOutput.BaseStream, progress, cancel);
            await tar.WaitForExitAsync(cancel);
            progress.ThrowIfFailed($"importing {Made}", logPath);
            if (tar.ExitCode != 0) throw new PrerequisiteException($"tar of the base image's files exited {tar.ExitCode}: {(await errors).Trim()}");
        }
        finally
        {
            if (!tar.HasExited) tar.Kill();
        }
    }

    private static async Task RunLoggedAsync(string file, IReadOnlyList<string> args, TextWriter log, string logPath, CancellationToken cancel)
    {
        await log.WriteLineAsync($"== {Exec.Describe(file, args)}");
        var result = await Exec.RunAsync(file, args, timeout: DebootstrapTimeout, cancel: cancel);
        await log.WriteLineAsync(result.Out);
        await log.WriteLineAsync(result.Error);
        if (result.Ok) return;
        var last = (result.Out + "\n" + result.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(EngineProgress.Kept);
        throw new PrerequisiteException($"{file} exited {result.ExitCode} making the base image: {string.Join(" | ", last)}; the whole output is in {logPath}");
    }

    private static void EmptyFiles(string folder)
    {
        if (!Directory.Exists(folder)) return;
        foreach (var file in Directory.EnumerateFiles(folder)) File.Delete(file);
    }

    /// <summary>
    /// Removes the scratch root: first unmounts what a failed debootstrap may have left mounted
    /// in it (/proc, /sys), deepest first, then removes it without crossing into another file
    /// system, so that nothing outside it is ever touched.
    /// </summary>
    private static async Task RemoveRootAsync(string root)
    {
        var prefix = root.TrimEnd('/') + "/";
        var mounts = File.ReadLines("/proc/self/mounts")
            .Select(l => l.Split(' ')).Where(f => f.Length > 1).Select(f => f[1].Replace("\\040", " ", StringComparison.Ordinal))
            .Where(m => m.StartsWith(prefix, StringComparison.Ordinal))
            .OrderByDescending(m => m.Length)
            .ToList();
        foreach (var mount in mounts) await Exec.RunAsync("umount", ["-l", mount]);
        await Exec.RunAsync("rm", ["-rf", "--one-file-system", root], timeout: TimeSpan.FromMinutes(2));
    }
}
