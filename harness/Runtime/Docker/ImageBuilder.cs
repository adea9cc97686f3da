using System.Diagnostics;
using System.Formats.Tar;
using Docker.DotNet.Models;
using ElectionJepsen.Reports;

namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>
/// Builds an image of a recipe through the engine's API, unless an image of the same inputs'
/// digest is there already: then it only makes sure <c>:latest</c> names it, and says nothing.
/// A build says what it builds and how long it took; its whole output goes to the log.
/// </summary>
public static class ImageBuilder
{
    /// <summary>Where a build of a repository's image holds its lock, so that two harnesses (or two runs of one) never build the same image at once.</summary>
    public static string LockFolder { get; set; } = "/var/cache/electionjepsen";

    /// <summary>How long a build waits for another build of the same repository.</summary>
    public static readonly TimeSpan LockWait = TimeSpan.FromMinutes(15);

    public static async Task<DockerImage> EnsureAsync(IDockerApi api, ImageRecipe recipe, TextWriter say, string logPath, CancellationToken cancel)
    {
        if (await FindAsync(api, recipe, cancel) is { } found) return found;
        using var held = await AptInstaller.LockAsync(Path.Combine(LockFolder, $"image-{recipe.Repository.Replace('/', '-')}.lock"), LockWait, cancel);
        return await FindAsync(api, recipe, cancel) ?? await BuildAsync(api, recipe, say, logPath, cancel);
    }

    /// <summary>The image of the recipe's digest, made sure <c>:latest</c> names it; null when there is none.</summary>
    private static async Task<DockerImage?> FindAsync(IDockerApi api, ImageRecipe recipe, CancellationToken cancel)
    {
        var found = await api.InspectImageAsync(recipe.Tag, cancel);
        if (found is null || DockerLabels.InputsOf(found.Config?.Labels) != recipe.Digest) return null;
        if (!(found.RepoTags ?? []).Contains(recipe.Latest)) await api.TagImageAsync(found.ID, recipe.Repository, "latest", cancel);
        return new DockerImage(found.ID, recipe.Tag);
    }

    private static async Task<DockerImage> BuildAsync(IDockerApi api, ImageRecipe recipe, TextWriter say, string logPath, CancellationToken cancel)
    {
        await say.WriteLineAsync($"building the image {recipe.Tag} on {recipe.Base.Reference} (its inputs changed, or it was never built; output in {logPath})");
        var took = Stopwatch.StartNew();
        var scratch = Directory.CreateTempSubdirectory("electionjepsen-image-");
        try
        {
            await using var log = OpenLog(logPath);
            await log.WriteLineAsync($"== {DateTime.UtcNow:O} building {recipe.Tag} from {recipe.Dockerfile} on {recipe.Base.Reference} ({recipe.Base.Id})");
            var context = await recipe.Context(scratch.FullName, log, cancel);
            await using var tar = await ContextTarAsync(recipe.Dockerfile, context, scratch.FullName, cancel);
            var progress = new EngineProgress(log);
            await api.BuildImageAsync(Parameters(recipe), tar, progress, cancel);
            progress.ThrowIfFailed($"building the image {recipe.Tag}", logPath);
            var built = await api.InspectImageAsync(recipe.Tag, cancel)
                ?? throw new PrerequisiteException($"building the image {recipe.Tag} reported no error, yet no image has that tag; the whole output is in {logPath}");
            var removed = await RemoveOlderAsync(api, recipe.Repository, built.ID, cancel);
            await say.WriteLineAsync($"built the image {recipe.Tag} in {took.Elapsed.TotalSeconds:0.#} s{(removed > 0 ? $"; removed {Words.Count(removed, "older image")} of {recipe.Repository}" : string.Empty)}");
            return new DockerImage(built.ID, recipe.Tag);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Removes the images of <paramref name="repository"/> built from other inputs than
    /// <paramref name="kept"/>'s (each is a full image, the servers' about 1 GB): every build
    /// would otherwise leave the last one behind. One a container still uses stays.
    /// </summary>
    public static async Task<int> RemoveOlderAsync(IDockerApi api, string repository, string kept, CancellationToken cancel)
    {
        var removed = 0;
        foreach (var image in await api.ListImagesAsync(DockerLabels.AnyInputsFilter(), cancel))
        {
            // Ours by their label: this repository's other images, and any left with no tag at all.
            var tags = (image.RepoTags ?? []).Where(t => t != "<none>:<none>").ToList();
            if (image.ID == kept || (tags.Count > 0 && !tags.Any(t => t.StartsWith(repository + ":", StringComparison.Ordinal)))) continue;
            try
            {
                await api.RemoveImageAsync(image.ID, cancel);
                removed++;
            }
            catch (global::Docker.DotNet.DockerApiException)
            {
                // In use by a container (a run going on beside this one): left for the next build.
            }
        }

        return removed;
    }

    /// <summary>The Dockerfile's name inside the build context.</summary>
    public static string DockerfileName(ImageRecipe recipe) => Path.GetFileName(recipe.Dockerfile);

    public static ImageBuildParameters Parameters(ImageRecipe recipe) => new()
    {
        Dockerfile = DockerfileName(recipe),
        Tags = [recipe.Tag, recipe.Latest],
        Labels = DockerLabels.OfImage(recipe.Digest),
        BuildArgs = recipe.BuildArgs.ToDictionary(),
        NetworkMode = ImageRecipe.BuildNetwork,
        Remove = true,
        ForceRemove = true,
    };

    /// <summary>A tar of the build context (the Dockerfile at its top, then the files), in a file removed when closed.</summary>
    public static async Task<Stream> ContextTarAsync(string dockerfile, IReadOnlyList<InputFile> files, string scratch, CancellationToken cancel)
    {
        var stream = new FileStream(Path.Combine(scratch, "context.tar"), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        await using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            await writer.WriteEntryAsync(dockerfile, Path.GetFileName(dockerfile), cancel);
            foreach (var file in files) await writer.WriteEntryAsync(file.Source, file.Path, cancel);
        }

        stream.Position = 0;
        return stream;
    }

    /// <summary>The log, appended to (its folder made if need be).</summary>
    public static StreamWriter OpenLog(string logPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        return new StreamWriter(logPath, append: true) { AutoFlush = true };
    }
}
