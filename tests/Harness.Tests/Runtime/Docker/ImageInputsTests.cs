using ElectionJepsen.Harness.Runtime.Docker;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Runtime.Docker;

public sealed class ImageInputsTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly Dictionary<string, string> _args = new() { ["BASE"] = "electionjepsen/base:bookworm-minbase" };

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_same_inputs_give_the_same_digest_whatever_the_order_of_the_files()
    {
        var (dockerfile, a, b) = Inputs();

        var first = ImageInputs.Digest(dockerfile, [a, b], "sha256:base", _args);
        var again = ImageInputs.Digest(dockerfile, [b, a], "sha256:base", new Dictionary<string, string>(_args));

        Assert.Equal(first, again);
        Assert.Matches("^[0-9a-f]{64}$", first);
        Assert.Equal(first[..12], ImageInputs.Tag(first));
    }

    [Fact]
    public void A_change_to_any_input_gives_another_digest()
    {
        var (dockerfile, a, b) = Inputs();
        var digest = ImageInputs.Digest(dockerfile, [a, b], "sha256:base", _args);

        var changed = new List<string>
        {
            ImageInputs.Digest(dockerfile, [a], "sha256:base", _args),
            ImageInputs.Digest(dockerfile, [a, b with { Path = "src/c.cs" }], "sha256:base", _args),
            ImageInputs.Digest(dockerfile, [a, b with { Mode = b.Mode | UnixFileMode.UserExecute }], "sha256:base", _args),
            ImageInputs.Digest(dockerfile, [a, b], "sha256:other", _args),
            ImageInputs.Digest(dockerfile, [a, b], "sha256:base", new Dictionary<string, string> { ["BASE"] = "debian:bookworm-slim" }),
        };
        File.AppendAllText(b.Source, " ");
        changed.Add(ImageInputs.Digest(dockerfile, [a, b], "sha256:base", _args));
        File.AppendAllText(dockerfile, "RUN true\n");
        changed.Add(ImageInputs.Digest(dockerfile, [a], "sha256:base", _args));

        Assert.DoesNotContain(digest, changed);
        Assert.Equal(changed.Count, changed.Distinct().Count());
    }

    [Fact]
    public void Fields_are_kept_apart_so_that_moving_a_boundary_changes_the_digest()
    {
        Assert.NotEqual(ImageInputs.Digest("ab", "c"), ImageInputs.Digest("a", "bc"));
        Assert.Equal(ImageInputs.Digest("ab", "c"), ImageInputs.Digest("ab", "c"));
    }

    private (string Dockerfile, InputFile A, InputFile B) Inputs()
    {
        var dockerfile = _dir.File("x.Dockerfile", "ARG BASE\nFROM ${BASE}\n");
        return (dockerfile, InputFile.At("src/a.cs", _dir.File("a.cs", "class A;")), InputFile.At("src/b.cs", _dir.File("b.cs", "class B;")));
    }
}
