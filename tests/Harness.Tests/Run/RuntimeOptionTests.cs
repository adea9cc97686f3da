namespace ElectionJepsen.Harness.Tests.Run;

/// <summary><c>--runtime</c>: what it takes, and what the docker runtime refuses, each in one line with exit 64.</summary>
public sealed class RuntimeOptionTests
{
    [Theory]
    [InlineData("--runtime podman", "--runtime takes local or docker, not \"podman\"")]
    [InlineData("--candidate-image myservice:1 --runtime local", "--candidate-image runs on the docker runtime; leave out --runtime local")]
    [InlineData("--candidate-image myservice:1 --candidate examples/redis-py-lock", "--candidate-image is a candidate of its own; leave out --candidate")]
    [InlineData("--candidate-image  --backend redis", "--candidate-image needs an image's name")]
    [InlineData("--runtime docker --backend kubernetes --kubeconfig /nowhere/config", "--kubeconfig runs against a real cluster from this machine, on the local runtime; --runtime docker makes the run's own servers")]
    public Task A_runtime_that_cannot_be_had_is_a_usage_error_naming_what_is_allowed(string arguments, string error) =>
        HarnessRun.AssertUsageErrorAsync(arguments, error);
}
