using Docker.DotNet.Models;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Runtime.Docker;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Runtime.Docker;

public sealed class BaseImageTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly FakeDockerApi _api = new();

    public void Dispose() => _dir.Dispose();

    private string LogPath => Path.Combine(_dir.Path, "images.log");

    [Fact]
    public async Task The_users_base_is_taken_as_it_is_when_it_is_here()
    {
        _api.Images["example/base:1"] = Image("sha256:mine");
        _api.Images[BaseImage.Made] = Image("sha256:made", BaseImage.InputsDigest(AptMirror.Find(BaseImage.Suite)));

        var basis = await BaseImage.EnsureAsync(_api, "example/base:1", TextWriter.Null, LogPath, CancellationToken.None);

        Assert.Equal(new DockerImage("sha256:mine", "example/base:1"), basis);
        Assert.Empty(_api.Calls);
    }

    [Fact]
    public async Task A_users_base_that_is_neither_here_nor_pullable_is_an_error_naming_it()
    {
        var e = await Assert.ThrowsAsync<PrerequisiteException>(() => BaseImage.EnsureAsync(_api, "example/base:1", TextWriter.Null, LogPath, CancellationToken.None));

        Assert.Equal(["pull example/base:1"], _api.Calls);
        Assert.StartsWith("the base image example/base:1 is not here, and pulling it failed", e.Message, StringComparison.Ordinal);
        Assert.Contains("no such host", File.ReadAllText(LogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Debians_image_is_taken_when_it_is_here()
    {
        _api.Images[BaseImage.Registry] = Image("sha256:slim");
        _api.Images[BaseImage.Made] = Image("sha256:made", BaseImage.InputsDigest(AptMirror.Find(BaseImage.Suite)));

        var basis = await BaseImage.EnsureAsync(_api, null, TextWriter.Null, LogPath, CancellationToken.None);

        Assert.Equal(new DockerImage("sha256:slim", BaseImage.Registry), basis);
    }

    [Fact]
    public async Task The_base_made_here_before_is_taken_without_trying_a_registry()
    {
        _api.Images[BaseImage.Made] = Image("sha256:made", BaseImage.InputsDigest(AptMirror.Find(BaseImage.Suite)));

        var basis = await BaseImage.EnsureAsync(_api, null, TextWriter.Null, LogPath, CancellationToken.None);

        Assert.Equal(new DockerImage("sha256:made", BaseImage.Made), basis);
        Assert.Empty(_api.Calls);
    }

    [Fact]
    public async Task Debians_image_is_pulled_when_no_base_was_made_here_and_a_registry_answers()
    {
        _api.OnPull = (image, progress) =>
        {
            progress.Report(new JSONMessage { Status = "Pull complete", ID = "abc" });
            _api.Images[image] = Image("sha256:pulled");
        };

        var basis = await BaseImage.EnsureAsync(_api, null, TextWriter.Null, LogPath, CancellationToken.None);

        Assert.Equal(new DockerImage("sha256:pulled", BaseImage.Registry), basis);
        Assert.Equal([$"pull {BaseImage.Registry}"], _api.Calls);
    }

    [Fact]
    public void How_the_base_is_made_is_in_its_digest()
    {
        Assert.Equal(BaseImage.InputsDigest("http://deb.debian.org/debian"), BaseImage.InputsDigest("http://deb.debian.org/debian"));
        Assert.NotEqual(BaseImage.InputsDigest("http://deb.debian.org/debian"), BaseImage.InputsDigest("http://ftp.example.org/debian"));
    }

    [SkippableFact]
    public async Task A_debootstrap_that_fails_is_an_error_with_its_last_lines_and_leaves_no_scratch_folder()
    {
        Skip.IfNot(Prerequisites.IsRoot && BaseImage.Debootstrap.Present(), "making the base needs root and debootstrap");
        var before = Scratch();

        var e = await Assert.ThrowsAsync<PrerequisiteException>(() => BaseImage.MakeAsync(_api, "http://127.0.0.1:9/debian", "digest", TextWriter.Null, LogPath, CancellationToken.None));

        Assert.StartsWith("debootstrap exited 1 making the base image: ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith($"; the whole output is in {LogPath}", e.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:9", File.ReadAllText(LogPath), StringComparison.Ordinal);
        Assert.Empty(Scratch().Except(before));
        Assert.Empty(_api.Calls);
    }

    private static List<string> Scratch() => [.. Directory.EnumerateDirectories(Path.GetTempPath(), "electionjepsen-base-*")];

    private static ImageInspectResponse Image(string id, string? inputs = null) =>
        new() { ID = id, Config = new Config { Labels = inputs is null ? null : DockerLabels.OfImage(inputs) } };
}
