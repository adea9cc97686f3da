using ElectionJepsen.Harness.Run;
using ElectionJepsen.TestSupport;

namespace ElectionJepsen.Harness.Tests.Run;

public sealed class RunLogTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly string _path;

    public RunLogTests() => _path = _dir.File("harness.log");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Information_goes_to_the_console_and_the_file_debug_to_the_file_alone()
    {
        var console = new StringWriter();
        using (var log = new RunLog(_path, console, verbose: false))
        {
            log.CandidatesConnected(5, 624);
            log.ServerLeaderChanged("s2");
        }

        Assert.Equal("5 candidates connected (624 ms)" + Environment.NewLine, console.ToString());
        var lines = File.ReadAllLines(_path);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT[\d:.]+Z \+\d+\.\d{3}s info 5 candidates connected \(624 ms\)$", lines[0]);
        Assert.EndsWith(" dbug server leader: s2", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Console_lines_held_during_the_live_panel_print_in_order_when_it_ends_and_the_file_has_them_at_once()
    {
        var console = new StringWriter();
        using (var log = new RunLog(_path, console, verbose: false))
        {
            using (log.Hold())
            {
                log.CandidatesConnected(5, 624);
                log.StepFailed("healing", "net down");
                log.ServerLeaderChanged("s2");
                Assert.Equal(string.Empty, console.ToString());
                Assert.Equal(["5 candidates connected (624 ms)", "while healing: net down"], log.Held(3));
                Assert.Equal(["while healing: net down"], log.Held(1));
                Assert.Equal(3, File.ReadAllLines(_path).Length);
            }

            log.Interrupted();
        }

        Assert.Equal(
            string.Join(Environment.NewLine, "5 candidates connected (624 ms)", "while healing: net down", "interrupted: faults healed; stopping", string.Empty),
            console.ToString());
    }

    [Fact]
    public void Verbose_prints_debug_entries_too()
    {
        var console = new StringWriter();
        using (var log = new RunLog(_path, console, verbose: true)) log.ServerLeaderChanged("s3");

        Assert.Equal("server leader: s3" + Environment.NewLine, console.ToString());
    }

    [Fact]
    public void A_failed_run_is_logged_with_its_stack_and_left_to_the_caller_to_print()
    {
        var console = new StringWriter();
        Exception failure;
        try
        {
            throw new InvalidOperationException("the ledger went away");
        }
        catch (InvalidOperationException e)
        {
            failure = e;
        }

        using (var log = new RunLog(_path, console, verbose: true)) log.RunFailed(failure, failure.Message);

        Assert.Empty(console.ToString());
        var text = File.ReadAllText(_path);
        Assert.Contains(" fail the run failed: the ledger went away", text, StringComparison.Ordinal);
        Assert.Contains(nameof(A_failed_run_is_logged_with_its_stack_and_left_to_the_caller_to_print), text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_log_on_the_same_file_appends()
    {
        using (var log = new RunLog(_path, TextWriter.Null, verbose: false)) log.Interrupted();
        using (var log = new RunLog(_path, TextWriter.Null, verbose: false)) log.CheckingAfterInterruption();

        Assert.Equal(2, File.ReadAllLines(_path).Length);
    }
}
