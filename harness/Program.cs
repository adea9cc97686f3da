using System.CommandLine;
using ElectionJepsen.Checkers.History;
using ElectionJepsen.Harness.Cli;
using ElectionJepsen.Harness.Run;
using ElectionJepsen.Harness.Runtime;
using ElectionJepsen.Harness.Verbs.Check;
using ElectionJepsen.Harness.Verbs.Cleanup;
using ElectionJepsen.Harness.Verbs.Delayer;
using ElectionJepsen.Harness.Verbs.Hosts;
using ElectionJepsen.Harness.Verbs.Images;
using ElectionJepsen.Harness.Verbs.LeaseApi;
using ElectionJepsen.Harness.Verbs.List;
using ElectionJepsen.Harness.Verbs.Report;
using ElectionJepsen.Reports.Text;

namespace ElectionJepsen.Harness;

public static class Program
{
    public static Task<int> Main(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>Runs the command line with its output and errors going to the given writers.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var verbose = args.Contains("--verbose");
        var root = new RootCommand("""
            ElectionJepsen: a Jepsen-style correctness and chaos harness for leader election.
            Without a verb it runs a test (as root): a cluster on network-namespace hosts,
            candidates campaigning, a nemesis, a checked history in the store.

            Examples:
              --backend redis --nemesis partition            run a test (the default verb)
              --compose app.yml --candidate-service leader --backend redis --nemesis pause
                                                             test your own compose project (docs/candidate.md)
              check store/latest/history.jsonl               check a history (docs/history.md)
              check store                                    check every run's history again, a line each
              check other.jsonl --model mutex --out /tmp/r   check a mutex history from another tool
              report store                                   rewrite store/index.html, every run compared
              report host-a host-b --out merged              merge stores into one page, merged/index.html
              cleanup                                        remove what killed runs left behind
              hosts 5                                        make 5 hosts to look around, until Ctrl-C
              images                                         find or build the docker images (before docker-compose up)
              list backends                                  what the harness knows, for scripts (--json too)
            """)
        {
            CheckCommand.Build(stdout, stderr),
            ReportCommand.Build(stdout),
            CleanupCommand.Build(stdout),
            ListCommand.Build(stdout, stderr),
            HostsCommand.Build(stdout),
            ImagesCommand.Build(stdout),
            LeaseApiCommand.Build(stdout),
            DelayerCommand.Build(stdout),
        };
        root.Options.Add(new Option<bool>("--verbose") { Description = "more detail as it goes, and stack traces of internal errors", Recursive = true });
        RunCommand.AddTo(root, stdout);
        var run = new Command("run", "Run a test: the same as giving no verb.\n\n" + RunCommand.Examples);
        RunCommand.AddTo(run, stdout);
        root.Subcommands.Add(run);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            await stderr.WriteLineAsync($"error: {OneLine(parse.Errors[0].Message)} (see --help)");
            return ExitCodes.Usage;
        }

        try
        {
            // Ctrl-C (or SIGTERM) cancels the verb, which heals, stops what it started and
            // checks what was recorded; System.CommandLine would end the process 2 s later.
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = stdout,
                Error = stderr,
                ProcessTerminationTimeout = TimeSpan.FromMinutes(2),
            });
        }
        catch (Exception e)
        {
            var (code, line, defect) = ExitCodes.Describe(e);
            await stderr.WriteLineAsync(line);
            if (verbose && defect) await stderr.WriteLineAsync(e.ToString());
            return code;
        }
    }

    /// <summary>The parser's message on one line, whatever the arguments it quotes hold.</summary>
    private static string OneLine(string message) =>
        TerminalText.Escape(string.Join(' ', message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
}
