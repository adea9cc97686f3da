using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Runtime.Docker;

namespace ElectionJepsen.Harness.Run.Runtimes;

/// <summary>
/// An image of the user's that is a candidate of the contract (<c>--candidate-image</c>):
/// found in the engine, else pulled; its command is its own ENTRYPOINT then CMD, run in its
/// own working folder.
/// </summary>
public sealed record UserImage(string Reference, IReadOnlyList<string> Command, string WorkingDirectory)
{
    /// <summary>
    /// The image and its command; an image the engine has not and cannot pull, a name it
    /// refuses, or an image with nothing to run is a usage error (exit 64).
    /// </summary>
    public static async Task<UserImage> FindAsync(IDockerApi api, string image, string logPath, CancellationToken cancel)
    {
        global::Docker.DotNet.Models.ImageInspectResponse? found;
        try
        {
            found = await BaseImage.FindOrPullAsync(api, image, logPath, cancel) is null ? null : await api.InspectImageAsync(image, cancel);
        }
        catch (global::Docker.DotNet.DockerApiException e)
        {
            var said = e.ResponseBody?.Trim() ?? string.Empty;
            throw new UsageException($"--candidate-image {image}: the Docker engine refused it ({(int)e.StatusCode}: {ElectionJepsen.Reports.Text.TerminalText.Escape(said.Length > 200 ? said[..200] : said)})");
        }

        if (found is null)
        {
            throw new UsageException($"--candidate-image {image}: the Docker engine has no such image and could not pull it (see {logPath}); build or load it first, e.g. docker build -t {ShellWords.Quote(image)} .");
        }

        var config = found.Config;
        IReadOnlyList<string> command = [.. config?.Entrypoint ?? [], .. config?.Cmd ?? []];
        if (command.Count == 0) throw new UsageException($"--candidate-image {image} has neither ENTRYPOINT nor CMD: nothing to run on the candidate hosts");
        return new UserImage(image, command, string.IsNullOrEmpty(config?.WorkingDir) ? "/" : config.WorkingDir);
    }
}
