namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>
/// The image the servers' and the candidate's images are built on. In order: the user's
/// (<c>--base-image</c>), which must be here or pullable; Debian's <see cref="Registry"/> image
/// when it is here; the one made here earlier from Debian's archive (<see cref="Made"/>, with
/// the digest of how it was made); Debian's image if a pull works; else it is made, once, from
/// Debian's archive with debootstrap and imported (see <c>BaseImage.Make.cs</c>).
/// </summary>
public static partial class BaseImage
{
    /// <summary>Debian's own image, from a registry.</summary>
    public const string Registry = "debian:bookworm-slim";

    public const string MadeRepository = "electionjepsen/base";

    public const string MadeTag = "bookworm-minbase";

    public const string Suite = "bookworm";

    public const string Variant = "minbase";

    /// <summary>The version of how the base is made: raised when the making changes, so that an old one is made again.</summary>
    public const int Recipe = 1;

    /// <summary>The image made from Debian's archive.</summary>
    public static string Made => $"{MadeRepository}:{MadeTag}";

    public static async Task<DockerImage> EnsureAsync(IDockerApi api, string? chosen, TextWriter say, string logPath, CancellationToken cancel)
    {
        if (chosen is not null)
        {
            return await FindOrPullAsync(api, chosen, logPath, cancel)
                ?? throw new PrerequisiteException($"the base image {chosen} is not here, and pulling it failed (see {logPath}): build or load it first, or leave --base-image out");
        }

        if (await api.InspectImageAsync(Registry, cancel) is { } local) return new DockerImage(local.ID, Registry);
        var mirror = AptMirror.Find(Suite);
        var digest = InputsDigest(mirror);
        if (await FindMadeAsync(api, digest, cancel) is { } made) return made;
        if (await FindOrPullAsync(api, Registry, logPath, cancel) is { } pulled) return pulled;
        return await MakeAsync(api, mirror, digest, say, logPath, cancel);
    }

    /// <summary>The digest of how the base is made: the suite, the variant, the mirror and the recipe's version.</summary>
    public static string InputsDigest(string mirror) =>
        ImageInputs.Digest("debootstrap", Suite, Variant, mirror, Recipe.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The image made from Debian's archive, if it was made with this digest.</summary>
    public static async Task<DockerImage?> FindMadeAsync(IDockerApi api, string digest, CancellationToken cancel)
    {
        var made = await api.InspectImageAsync(Made, cancel);
        return made is not null && DockerLabels.InputsOf(made.Config?.Labels) == digest ? new DockerImage(made.ID, Made) : null;
    }

    /// <summary>The image if it is here, else after a pull; null when the pull failed (the engine's error goes to the log).</summary>
    internal static async Task<DockerImage?> FindOrPullAsync(IDockerApi api, string image, string logPath, CancellationToken cancel)
    {
        if (await api.InspectImageAsync(image, cancel) is { } found) return new DockerImage(found.ID, image);
        await using (var log = ImageBuilder.OpenLog(logPath))
        {
            await log.WriteLineAsync($"== {DateTime.UtcNow:O} pulling {image}");
            var progress = new EngineProgress(log);
            try
            {
                await api.PullImageAsync(image, progress, cancel);
            }
            catch (global::Docker.DotNet.DockerApiException e)
            {
                await log.WriteLineAsync($"error: {e.Message}");
                return null;
            }

            if (progress.Error is not null) return null;
        }

        return await api.InspectImageAsync(image, cancel) is { } pulled ? new DockerImage(pulled.ID, image) : null;
    }
}
