using System.CommandLine;
using ElectionJepsen.Checkers.Linearizability;
using ElectionJepsen.Harness.Cli;

namespace ElectionJepsen.Harness.Verbs.Check;

/// <summary>The <c>check</c> verb: check histories written by a run or by any other program.</summary>
public static class CheckCommand
{
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var histories = new Argument<string[]>("HISTORY")
        {
            Description = "a history.jsonl (docs/history.md), or a directory: every *.jsonl under it, in order of their paths",
            Arity = ArgumentArity.OneOrMore,
        };
        var model = new Option<string>("--model")
        {
            Description = $"the model to check against: {string.Join(", ", LinearizabilityChecker.ModelNames)}",
            DefaultValueFactory = _ => "fenced-lease",
            HelpName = "MODEL",
        };
        var outDir = new Option<string?>("--out")
        {
            Description = "where to write the results and the report (default: beside the history); with many histories, each keeps its path relative to their common directory under DIR",
            HelpName = "DIR",
        };
        var timeLimit = new Option<string>("--time-limit")
        {
            Description = $"time budget of each history's linearizability search (up to {DurationOption.Max.TotalDays:0} days); past it that search answers unknown",
            DefaultValueFactory = _ => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{SearchLimits.Default.TimeLimit.TotalSeconds:0.###}s"),
            HelpName = "DURATION",
        };
        var search = new Option<string>("--search")
        {
            Description = "for fenced-lease, also run the general search beside the fast path: on or off",
            DefaultValueFactory = _ => "on",
            HelpName = "on|off",
        };
        var memory = new Option<int>("--memory-limit-mb")
        {
            Description = "memory the search may hold (memo, stack, per-key arrays), in MiB, shared by the histories checked at once (each of --jobs gets its part); reached, the search answers unknown",
            DefaultValueFactory = _ => (int)(SearchLimits.Default.MemoryBudgetBytes >> 20),
            HelpName = "MIB",
        };
        var jobs = new Option<int>("--jobs")
        {
            Description = "how many histories are checked at once (default: one per core)",
            DefaultValueFactory = _ => Environment.ProcessorCount,
            HelpName = "N",
        };
        var junit = new Option<string?>("--junit") { Description = "also write JUnit XML here (a test case per history, failed when invalid), for CI dashboards", HelpName = "FILE" };
        var command = new Command("check", """
            Check histories and write their results. Exit 0 valid, 1 invalid, 2 unknown, 64 bad usage or a
            history that cannot be read, 65 malformed history, 70 internal error, 73 an output that cannot be
            written (the verdict is printed first).

            Results are named after the history, for one file or many alike: a history.jsonl's are
            results.json and report.html (as a run writes them), any other x.jsonl's are x.results.json
            and x.report.html; beside the history, or in --out.
            One file: its summary, then its results and report.
            Several files or directories: the histories are checked in this one process, --jobs at a time,
            each search within its own --time-limit; a line per history (its path and verdict, the number
            and kinds of its violations, why it is unknown, or what is wrong with it), then the totals.
            Under --out each keeps its path relative to the histories' common directory. A directory
            reached through a link (a store's latest) is not searched; a history is checked once however
            many names lead to it.
            The memory budget is shared: each history checked at once gets its part of --memory-limit-mb.
            The exit code is the worst of all: 70, then 73, then 1 (a violation is proof whatever else
            went wrong), then 65 (a history that could not be checked), then 69, then 64 (a history that
            could not be read), then 2, then 0.

            Examples:
              check store/latest/history.jsonl
              check other-tool.jsonl --model cas-register --time-limit 2m --out /tmp/results
              check big.jsonl --search off
              check store/latest/history.jsonl --junit results/junit.xml
              check store                                      every run's history again, one line each
              check histories/ more.jsonl --model cas-register --out /tmp/results --junit junit.xml
            """)
        {
            histories, model, outDir, timeLimit, search, memory, jobs, junit,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var set = HistorySet.Expand(parse.GetValue(histories)!);
            var first = set.Paths[0];
            var options = new CheckOptions(
                first,
                Models(parse.GetValue(model)!),
                parse.GetValue(outDir) ?? Path.GetDirectoryName(Path.GetFullPath(first))!,
                DurationOption.Parse("--time-limit", parse.GetValue(timeLimit)!),
                OnOff("--search", parse.GetValue(search)!),
                Positive("--memory-limit-mb", parse.GetValue(memory)) * (1L << 20))
            {
                Junit = parse.GetValue(junit),
            };
            var verb = new CheckVerb(stdout, stderr);
            var parallel = Positive("--jobs", parse.GetValue(jobs));
            return set.IsSingleFile
                ? verb.Run(options, cancel)
                : await verb.RunManyAsync(set, options, parse.GetValue(outDir), parallel, cancel);
        });
        return command;
    }

    private static string Models(string model) =>
        LinearizabilityChecker.ModelNames.Contains(model)
            ? model
            : throw new UsageException($"--model \"{model}\" is not a model; the models are {string.Join(", ", LinearizabilityChecker.ModelNames)}");

    private static bool OnOff(string option, string value) => value switch
    {
        "on" => true,
        "off" => false,
        _ => throw new UsageException($"{option} takes on or off, not \"{value}\""),
    };

    private static int Positive(string option, int value) =>
        value > 0 ? value : throw new UsageException($"{option} takes a positive number, not {value}");
}
