using Docker.DotNet;
using Docker.DotNet.Models;

namespace ElectionJepsen.Harness.Runtime.Docker;

internal sealed partial class DockerApi
{
    public Task BuildImageAsync(ImageBuildParameters parameters, Stream context, IProgress<JSONMessage> progress, CancellationToken cancel) =>
        client.Images.BuildImageFromDockerfileAsync(parameters, context, authConfigs: null, headers: null, progress, cancel);

    public Task ImportImageAsync(ImagesCreateParameters parameters, Stream rootFileSystem, IProgress<JSONMessage> progress, CancellationToken cancel) =>
        client.Images.CreateImageAsync(parameters, rootFileSystem, authConfig: null, progress, cancel);

    public Task PullImageAsync(string image, IProgress<JSONMessage> progress, CancellationToken cancel)
    {
        var (name, tag) = NameAndTag(image);
        return client.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = name, Tag = tag }, authConfig: null, progress, cancel);
    }

    /// <summary>
    /// What a pull asks for: <c>NAME@DIGEST</c> by digest (the engine takes it as the tag),
    /// <c>NAME:TAG</c> (a colon after the last '/', not a registry's port), or <c>NAME</c> for latest.
    /// </summary>
    public static (string Name, string Tag) NameAndTag(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var colon = image.LastIndexOf(':');
        return at > 0 ? (image[..at], image[(at + 1)..])
            : colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..])
            : (image, "latest");
    }

    public async Task<ImageInspectResponse?> InspectImageAsync(string name, CancellationToken cancel)
    {
        try
        {
            return await client.Images.InspectImageAsync(name, cancel);
        }
        catch (DockerImageNotFoundException)
        {
            return null;
        }
    }

    public Task TagImageAsync(string image, string repository, string tag, CancellationToken cancel) =>
        client.Images.TagImageAsync(image, new ImageTagParameters { RepositoryName = repository, Tag = tag, Force = true }, cancel);

    public Task<IList<ImagesListResponse>> ListImagesAsync(IDictionary<string, IDictionary<string, bool>> filters, CancellationToken cancel) =>
        client.Images.ListImagesAsync(new ImagesListParameters { Filters = filters }, cancel);

    public Task RemoveImageAsync(string id, CancellationToken cancel) =>
        client.Images.DeleteImageAsync(id, new ImageDeleteParameters { Force = true }, cancel);
}
