using ElectionJepsen.Harness.Candidates;
using ElectionJepsen.Harness.Cli;

namespace ElectionJepsen.Harness.Tests.Candidates;

public sealed partial class CandidateBuildTests
{
    [Fact]
    public async Task A_failed_build_shows_its_command_its_exit_code_and_the_last_lines_of_its_output()
    {
        // stdout and stderr are two pipes, read apart: the pause keeps the order the test asserts
        var m = Candidate("for i in $(seq 1 30); do echo \"line $i\"; done\nsleep 0.3\necho 'error: no such symbol' >&2\nexit 3\n");

        var e = await Assert.ThrowsAsync<CandidateFailedException>(() => CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default));

        var lines = e.Message.Split('\n');
        Assert.Equal("building sample: /bin/sh build.sh: exited 3; the last 20 lines of its output:", lines[0]);
        Assert.Equal(21, lines.Length);
        Assert.Equal("  line 12", lines[1]);
        Assert.Equal("  error: no such symbol", lines[^1]);
        Assert.Equal(ExitCodes.Unavailable, ExitCodes.For(e));
    }

    [Fact]
    public async Task A_failed_build_is_tried_again_the_next_time_even_when_nothing_changed()
    {
        var m = Candidate("echo built >> builds.log\nexit 1\n");

        await Assert.ThrowsAsync<CandidateFailedException>(() => CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default));
        await Assert.ThrowsAsync<CandidateFailedException>(() => CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default));

        Assert.Equal(2, Builds());
    }

    [Fact]
    public async Task A_build_that_broke_after_a_success_is_not_current_any_more()
    {
        var m = Candidate("echo built >> builds.log\n");
        await CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default);
        await File.WriteAllTextAsync(Path.Combine(Folder, "build.sh"), "echo built >> builds.log\nexit 1\n");
        await Assert.ThrowsAsync<CandidateFailedException>(() => CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default));

        await File.WriteAllTextAsync(Path.Combine(Folder, "build.sh"), "echo built >> builds.log\n");

        Assert.True(await CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default));
    }

    [Fact]
    public async Task A_build_that_prints_nothing_says_so()
    {
        var m = Candidate("exit 2\n");

        var e = await Assert.ThrowsAsync<CandidateFailedException>(() => CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default));

        Assert.Equal("building sample: /bin/sh build.sh: exited 2; it printed nothing", e.Message);
    }

    [Fact]
    public async Task A_missing_build_program_is_a_candidate_failure()
    {
        var m = Candidate("true\n") with { Build = ["./gradlew", "jar"] };

        var e = await Assert.ThrowsAsync<CandidateFailedException>(() => CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default));

        Assert.Equal("building sample: ./gradlew jar: program \"./gradlew\" not found", e.Message);
    }

    [Fact]
    public async Task A_build_program_that_cannot_be_started_is_a_candidate_failure()
    {
        var m = Candidate("true\n") with { Build = ["./build.sh"] };

        var e = await Assert.ThrowsAsync<CandidateFailedException>(() => CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default));

        Assert.StartsWith($"building sample: ./build.sh: could not start {Path.Combine(Folder, "build.sh")}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_build_past_its_time_is_stopped_and_shows_its_output()
    {
        var m = Candidate("echo started\nsleep 60\n");

        var e = await Assert.ThrowsAsync<CandidateFailedException>(() =>
            CandidateBuild.EnsureBuiltAsync(m, _said, Settings with { Timeout = TimeSpan.FromSeconds(1.5) }, default));

        Assert.Equal("building sample: /bin/sh build.sh: did not finish within 1.5 s; its output:\n  started", e.Message);
    }

    [Fact]
    public async Task A_cancelled_build_is_stopped_and_cancelled()
    {
        var m = Candidate("touch started\nsleep 60\n");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CandidateBuild.EnsureBuiltAsync(m, _said, Settings, cancel.Token));

        Assert.False(Directory.Exists(Records) && Directory.GetFiles(Records).Length > 0);
    }

    [Fact]
    public async Task A_build_that_leaves_a_process_holding_its_output_is_done_when_it_exits()
    {
        var m = Candidate("sleep 10 &\necho done\n");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        Assert.True(await CandidateBuild.EnsureBuiltAsync(m, _said, Settings, default));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"waited {clock.Elapsed} for a daemon's output");
    }
}
