namespace ElectionJepsen.Harness.Tests.Run.Compose;

/// <summary><c>--compose</c>: what goes with it and which faults it refuses, each in one line with exit 64, before anything is brought up.</summary>
public sealed class ComposeOptionTests
{
    [Theory]
    [InlineData("--candidate-service leader", "--candidate-service goes with --compose FILE")]
    [InlineData("--compose app.yml --backend redis", "--compose needs --candidate-service NAME")]
    [InlineData("--compose app.yml --candidate-service leader", "--compose needs --backend")]
    [InlineData("--compose app.yml --candidate-service leader --backend redis --runtime docker", "--compose runs the project's own containers; leave out --runtime")]
    [InlineData("--compose app.yml --candidate-service leader --backend redis --nemesis clock", "--compose takes --nemesis none or partition, pause, kill, loss, delay, not clock: the project's images need not carry libfaketime")]
    [InlineData("--compose app.yml --candidate-service leader --backend redis --nemesis partition+clock", "--compose takes --nemesis none or partition, pause, kill, loss, delay, not clock: the project's images need not carry libfaketime")]
    [InlineData("--compose app.yml --candidate-service leader --backend redis,etcd", "--compose runs one test of one project")]
    [InlineData("--compose app.yml --candidate-service leader --backend redis --candidate-image myservice:1", "--compose tests the project's own candidate service; leave out --candidate-image")]
    public Task What_a_compose_run_cannot_take_is_a_usage_error_naming_what_is_allowed(string arguments, string error) =>
        HarnessRun.AssertUsageErrorAsync(arguments, error);
}
