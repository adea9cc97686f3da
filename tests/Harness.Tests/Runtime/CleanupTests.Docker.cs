using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Runtime.Docker;
using ElectionJepsen.Harness.Verbs.Cleanup;

namespace ElectionJepsen.Harness.Tests.Runtime;

public partial class CleanupTests
{
    [Fact]
    public void What_was_removed_from_docker_is_reported_and_is_not_nothing()
    {
        using var o = new StringWriter();

        CleanupCommand.Report(o, [], [new DockerReaped("ab12cd", ["ej-ab12cd-n1"], ["ej-ab12cd"], [], 1)]);

        Assert.Equal(
            "cleanup: removed run ab12cd from Docker: 1 container (ej-ab12cd-n1, 1 of them unpaused first), 1 network (ej-ab12cd)",
            o.ToString().Trim());
    }

    [Fact]
    public void Nothing_anywhere_is_reported_as_nothing()
    {
        using var o = new StringWriter();

        CleanupCommand.Report(o, Array.Empty<Reaped>(), []);

        Assert.Equal("cleanup: nothing left by earlier runs", o.ToString().Trim());
    }
}
