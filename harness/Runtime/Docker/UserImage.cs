using ElectionJepsen.Harness.Cli;

namespace ElectionJepsen.Harness.Runtime.Docker;

/// <summary>
/// An image of the user's that is a candidate of the contract (<c>--candidate-image</c>):
/// found in the engine, else pulled; its command is its own ENTRYPOINT then CMD, run in its
/// own working folder.
/// </summary>
public sealed record UserImage(string Reference, IReadOnlyList<string> Command, string WorkingDirectory)
{
    /// <summary>The image and its command; an image the engine has not and cannot pull, or one with nothing to run, is a usage error (exit 64).</summary>
    public static async Task<UserImage> FindAsync(IDockerApi api, string image, string logPath, CancellationToken cancel)
    {
        if (await BaseImage.FindOrPullAsync(api, image, logPath, cancel) is null)
        {
            throw new UsageException($"--candidate-image {image}: the Docker engine has no such image and could not pull it (see {logPath}); build or load it first, e.g. docker build -t {image} .");
        }

        var config = (await api.InspectImageAsync(image, cancel))?.Config;
        IReadOnlyList<string> command = [.. config?.Entrypoint ?? [], .. config?.Cmd ?? []];
        if (command.Count == 0) throw new UsageException($"--candidate-image {image} has neither ENTRYPOINT nor CMD: nothing to run on the candidate hosts");
        return new UserImage(image, command, string.IsNullOrEmpty(config?.WorkingDir) ? "/" : config.WorkingDir);
    }
}
