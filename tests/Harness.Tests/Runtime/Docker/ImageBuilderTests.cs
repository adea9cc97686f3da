using Docker.DotNet.Models;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Runtime.Docker;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Runtime.Docker;

public sealed class ImageBuilderTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly FakeDockerApi _api = new();
    private readonly StringWriter _say = new();

    public void Dispose()
    {
        _dir.Dispose();
        _say.Dispose();
    }

    private string LogPath => Path.Combine(_dir.Path, "logs", "images.log");

    [Fact]
    public async Task An_image_is_built_with_its_digest_as_tag_and_label_and_found_again_without_a_build()
    {
        var recipe = Recipe();

        var built = await ImageBuilder.EnsureAsync(_api, recipe, _say, LogPath, CancellationToken.None);
        var said = _say.ToString();
        var again = await ImageBuilder.EnsureAsync(_api, Recipe(), _say, LogPath, CancellationToken.None);

        Assert.Equal([$"build {recipe.Tag}"], _api.Calls);
        Assert.Equal($"example/servers:{recipe.Digest[..12]}", built.Reference);
        Assert.Equal(recipe.Digest, _api.Images["example/servers:latest"].Config.Labels[DockerLabels.Inputs]);
        Assert.Equal(built, again);
        Assert.Contains($"built the image {recipe.Tag} in", said, StringComparison.Ordinal);
        Assert.Equal(said, _say.ToString());
        Assert.Contains("Step 1/2 : FROM base", File.ReadAllText(LogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_harnesses_ensuring_one_image_at_once_build_it_once()
    {
        var folder = ImageBuilder.LockFolder;
        ImageBuilder.LockFolder = Path.Combine(_dir.Path, "locks");
        try
        {
            var both = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => ImageBuilder.EnsureAsync(_api, Recipe(), TextWriter.Null, LogPath, CancellationToken.None))));

            Assert.Single(_api.Calls, c => c.StartsWith("build ", StringComparison.Ordinal));
            Assert.Equal(both[0], both[1]);
        }
        finally
        {
            ImageBuilder.LockFolder = folder;
        }
    }

    [Fact]
    public async Task Changed_inputs_build_again()
    {
        await ImageBuilder.EnsureAsync(_api, Recipe(), _say, LogPath, CancellationToken.None);
        File.AppendAllText(Path.Combine(_dir.Path, "servers.Dockerfile"), "RUN true\n");

        var rebuilt = await ImageBuilder.EnsureAsync(_api, Recipe(), _say, LogPath, CancellationToken.None);

        Assert.Equal(2, _api.Calls.Count(c => c.StartsWith("build ", StringComparison.Ordinal)));
        Assert.Equal(rebuilt.Id, _api.Images["example/servers:latest"].ID);
    }

    [Fact]
    public async Task A_build_from_changed_inputs_removes_the_older_image_of_its_repository_and_no_other()
    {
        var first = await ImageBuilder.EnsureAsync(_api, Recipe(), _say, LogPath, CancellationToken.None);
        _api.Images["example/candidate:abc"] = new ImageInspectResponse { ID = "sha256:candidate", Config = new Config { Labels = DockerLabels.OfImage("abc") } };
        File.AppendAllText(Path.Combine(_dir.Path, "servers.Dockerfile"), "RUN true\n");

        var second = await ImageBuilder.EnsureAsync(_api, Recipe(), _say, LogPath, CancellationToken.None);

        Assert.Contains($"remove-image {first.Id}", _api.Calls);
        Assert.DoesNotContain(_api.Images.Values, i => i.ID == first.Id);
        Assert.Equal(second.Id, _api.Images["example/servers:latest"].ID);
        Assert.Equal("sha256:candidate", _api.Images["example/candidate:abc"].ID);
        Assert.Contains("removed 1 older image of example/servers", _say.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_under_the_tag_with_other_inputs_is_not_taken_for_it()
    {
        var recipe = Recipe();
        _api.Images[recipe.Tag] = new ImageInspectResponse { ID = "sha256:stale", Config = new Config { Labels = DockerLabels.OfImage("something else") } };

        var image = await ImageBuilder.EnsureAsync(_api, recipe, _say, LogPath, CancellationToken.None);

        Assert.NotEqual("sha256:stale", image.Id);
        Assert.Contains($"build {recipe.Tag}", _api.Calls);
    }

    [Fact]
    public async Task A_found_image_that_lost_its_latest_tag_gets_it_back()
    {
        var built = await ImageBuilder.EnsureAsync(_api, Recipe(), _say, LogPath, CancellationToken.None);
        _api.Images.Remove("example/servers:latest");
        _api.Images[Recipe().Tag].RepoTags = [Recipe().Tag];

        await ImageBuilder.EnsureAsync(_api, Recipe(), _say, LogPath, CancellationToken.None);

        Assert.Equal("tag example/servers:latest", _api.Calls[^1]);
        Assert.Equal(built.Id, _api.Images["example/servers:latest"].ID);
    }

    [Fact]
    public async Task A_build_that_fails_in_the_engines_stream_is_an_error_naming_the_step_and_the_last_lines()
    {
        _api.OnBuild = (_, progress) =>
        {
            progress.Report(new JSONMessage { Stream = "Step 1/3 : FROM base\n" });
            progress.Report(new JSONMessage { Stream = "Step 2/3 : RUN apt-get install -y nosuchpackage\n" });
            progress.Report(new JSONMessage { Stream = "E: Unable to locate package nosuchpackage\n" });
            progress.Report(new JSONMessage { Error = new JSONError { Code = 100, Message = "The command '/bin/sh -c apt-get install -y nosuchpackage' returned a non-zero code: 100" } });
        };

        string? scratch = null;
        var recipe = Recipe() with { Context = (folder, _, _) => Task.FromResult<IReadOnlyList<InputFile>>([InputFile.At("made", Made(scratch = folder))]) };

        var e = await Assert.ThrowsAsync<PrerequisiteException>(() => ImageBuilder.EnsureAsync(_api, recipe, _say, LogPath, CancellationToken.None));

        Assert.StartsWith($"building the image {Recipe().Tag} failed at Step 2/3 : RUN apt-get install -y nosuchpackage: The command", e.Message, StringComparison.Ordinal);
        Assert.Contains("its last lines: Step 1/3 : FROM base | Step 2/3 : RUN apt-get install -y nosuchpackage | E: Unable to locate package nosuchpackage", e.Message, StringComparison.Ordinal);
        Assert.EndsWith($"the whole output is in {LogPath}", e.Message, StringComparison.Ordinal);
        Assert.Contains("error: The command", File.ReadAllText(LogPath), StringComparison.Ordinal);
        Assert.NotNull(scratch);
        Assert.False(Directory.Exists(scratch));
    }

    [Fact]
    public async Task The_build_context_holds_the_dockerfile_at_its_top_and_the_files_under_their_names()
    {
        var source = _dir.File("program", "#!/bin/sh\n");
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(source, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var scratch = Directory.CreateDirectory(Path.Combine(_dir.Path, "scratch")).FullName;

        await using var tar = await ImageBuilder.ContextTarAsync(_dir.File("candidate.Dockerfile", "FROM x\n"), [InputFile.At("candidate/program", source)], scratch, CancellationToken.None);
        using var reader = new System.Formats.Tar.TarReader(tar);
        var entries = new List<System.Formats.Tar.TarEntry>();
        while (await reader.GetNextEntryAsync() is { } entry) entries.Add(entry);

        Assert.Equal(["candidate.Dockerfile", "candidate/program"], entries.Select(e => e.Name));
        Assert.True(entries[1].Mode.HasFlag(UnixFileMode.UserExecute));
    }

    private static string Made(string folder)
    {
        var path = Path.Combine(folder, "made");
        File.WriteAllText(path, "made for the build");
        return path;
    }

    private ImageRecipe Recipe()
    {
        var dockerfile = Path.Combine(_dir.Path, "servers.Dockerfile");
        if (!File.Exists(dockerfile)) File.WriteAllText(dockerfile, "ARG BASE\nFROM ${BASE}\n");
        return new ImageRecipe("example/servers", dockerfile, [], new DockerImage("sha256:base", "example/base:1"), (_, _, _) => Task.FromResult<IReadOnlyList<InputFile>>([]));
    }
}
